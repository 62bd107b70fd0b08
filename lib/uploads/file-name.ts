import path from 'node:path';
import { SUPPORTED_EXTENSIONS, isIgnoredName } from '../../ingest/file-types';
import { InvalidRequestError, UnsupportedFileTypeError } from '../errors';

/** Most filesystems allow 255 bytes a name; this leaves room for the copies people make ("… (2).md"). */
export const MAX_NAME_BYTES = 200;

// Characters Windows and most sync tools refuse in a name; the folder may be shared with them.
const RESERVED = /[<>:"|?*]/g;
// C0 and C1 control characters (a newline in a name breaks logs and listings), and the bidi controls
// that make "report‮dm.exe" read as something it is not.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  for (const character of text) {
    if (Buffer.byteLength(out + character) > maxBytes) break;
    out += character;
  }
  return out;
}

/**
 * The name an uploaded file is written under: its last path segment only (so "../../x.md" is
 * "x.md"), NFC, without control characters, reserved characters or a leading dot (the watcher would
 * ignore a hidden file), with runs of dots made one (no ".."), and at most MAX_NAME_BYTES, the
 * extension kept. Throws when nothing usable is left.
 */
export function sanitiseFileName(raw: string): string {
  const segment = raw.normalize('NFC').replace(CONTROLS, '').split(/[/\\]/).at(-1) ?? '';
  let name = segment
    .replace(RESERVED, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .replace(/\s+/g, ' ');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const extension = path.extname(name).slice(0, 16);
    name = `${truncateBytes(name.slice(0, name.length - extension.length), MAX_NAME_BYTES - Buffer.byteLength(extension)).trimEnd()}${extension}`;
  }
  if (!name) throw new InvalidRequestError('invalid_file_name', `"${raw}" is not a usable file name: give the file a name.`);
  if (isIgnoredName(name))
    throw new InvalidRequestError('invalid_file_name', `The watcher skips files named like "${name}" (editor and temporary files): rename the file.`);
  return name;
}

/** Refuses a name the ingester cannot read, before anything is written. */
export function checkFileType(name: string): void {
  const extension = path.extname(name).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(extension))
    throw new UnsupportedFileTypeError(`Docent does not read ${extension || 'extension-less'} files; add one of: ${SUPPORTED_EXTENSIONS.join(' ')}.`);
}

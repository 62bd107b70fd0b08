import crypto from 'node:crypto';
import fs from 'node:fs';

export function sha256Hex(...parts: (string | Buffer)[]): string {
  const hash = crypto.createHash('sha256');
  for (const [index, part] of parts.entries()) {
    if (index > 0) hash.update('\0');
    hash.update(part);
  }
  return hash.digest('hex');
}

/** A hash shaped as an RFC 4122 UUID (version 5 layout), as Qdrant point ids must be. */
export function hashToUuid(hex: string): string {
  const bytes = Buffer.from(hex.slice(0, 32), 'hex');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Stable id of a document: its watched root plus its path relative to that root. */
export function documentId(root: string, relativePath: string): string {
  return sha256Hex('doc', root, relativePath).slice(0, 32);
}

/**
 * Stable id of a chunk: the same text at the same occurrence in the same document, embedded by
 * the same embedder, always gets the same id, so re-ingesting unchanged content writes nothing.
 */
export function chunkId(docId: string, embeddedText: string, occurrence: number, embedderKey: string): string {
  return hashToUuid(sha256Hex('chunk', docId, embeddedText, String(occurrence), embedderKey));
}

export function textHash(text: string): string {
  return sha256Hex('text', text).slice(0, 32);
}

export async function fileSha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

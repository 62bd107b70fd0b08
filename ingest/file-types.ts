import path from 'node:path';
import type { FileType } from './extracted-document';

// Which files Docent reads, by extension: apart from the extractors so that the web server (uploads)
// can check a name without loading the parsers.

const EXTENSIONS: Record<string, FileType> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.log': 'text',
  '.csv': 'text',
  '.rst': 'text',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.webp': 'image',
  '.bmp': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};

/** The extensions the ingester reads, lowercase with their dot. */
export const SUPPORTED_EXTENSIONS = Object.keys(EXTENSIONS);

export function fileTypeOf(file: string): FileType | null {
  return EXTENSIONS[path.extname(file).toLowerCase()] ?? null;
}

// Editors and office suites leave these next to real documents while they work.
const IGNORED_NAMES = [
  /^\./, // hidden files, .DS_Store, vim's .swp, emacs' .#lock, LibreOffice's .~lock.*#
  /^~\$/, // Microsoft Office owner files
  /^~.*\.tmp$/i,
  /~$/, // backup copies
  /^#.*#$/, // emacs autosave
  /\.(tmp|temp|swp|swx|swo|part|partial|crdownload|download|lock|bak)$/i,
  /^(Thumbs\.db|desktop\.ini|Icon\r)$/i,
];

/** Whether the watcher skips a file or folder of this name (so an upload's temporary file is named to match). */
export function isIgnoredName(name: string): boolean {
  return IGNORED_NAMES.some((pattern) => pattern.test(name));
}

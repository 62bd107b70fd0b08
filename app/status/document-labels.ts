import type { DocumentStatus } from '@/lib/registry';

// What the documents table calls statuses and quarantine reasons, and the order it lists them in.

export const STATUS_ORDER: DocumentStatus[] = ['quarantined', 'pending', 'duplicate', 'indexed', 'deleted'];

export const STATUS_TEXT: Record<DocumentStatus, string> = {
  indexed: 'Indexed',
  pending: 'Pending',
  quarantined: 'Quarantined',
  duplicate: 'Duplicate',
  deleted: 'Deleted',
};

export const STATUS_TONE: Record<DocumentStatus, string> = { indexed: 'ok', pending: 'warn', quarantined: 'bad', duplicate: '', deleted: '' };

export const REASON_TEXT: Record<string, string> = {
  empty_text: 'No text',
  garbled_text: 'Garbled text',
  encrypted: 'Encrypted',
  corrupt: 'Corrupt file',
  oversize: 'Too large',
  unsupported_type: 'Unsupported type',
  timeout: 'Timed out',
  ocr_no_text: 'OCR found no text',
  duplicate_of: 'Duplicate of',
};

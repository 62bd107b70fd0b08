import { describe, expect, it } from 'vitest';
import { refusal, stageOf } from '@/app/chat/upload-progress';

// How the chat page's upload list reads a document's state: the hash tells this upload's version
// from an older file of the same name that is indexed already.

const SHA = 'a'.repeat(64);
const OLD = 'b'.repeat(64);
const doc = (status: string, sha256: string | null, indexedSha256: string | null, detail: string | null = null) => ({ status, sha256, indexedSha256, detail });

describe('upload progress', () => {
  it('waits for the watcher, then indexing, then searchable', () => {
    expect(stageOf(null, SHA).stage).toBe('waiting');
    expect(stageOf(doc('indexed', OLD, OLD), SHA).stage).toBe('waiting');
    expect(stageOf(doc('pending', SHA, null), SHA).stage).toBe('indexing');
    expect(stageOf(doc('indexed', SHA, OLD), SHA).stage).toBe('indexing');
    expect(stageOf(doc('indexed', SHA, SHA), SHA)).toEqual({ stage: 'searchable', message: null });
    expect(stageOf(doc('duplicate', SHA, null), SHA).stage).toBe('searchable');
  });

  it('shows the quarantine reason of this version', () => {
    expect(stageOf(doc('quarantined', SHA, null, 'The PDF is damaged.'), SHA)).toEqual({ stage: 'quarantined', message: 'The PDF is damaged.' });
    expect(stageOf(doc('quarantined', OLD, null, 'Old reason'), SHA).stage).toBe('waiting');
  });

  it('refuses files the server would refuse, before sending them', () => {
    const options = { folders: [''], maxBytes: 10, extensions: ['.md', '.pdf'] };
    expect(refusal(new File(['# A'], 'a.md'), options)).toBeNull();
    expect(refusal(new File(['MZ'], 'tool.exe'), options)).toMatch(/\.exe/);
    expect(refusal(new File(['x'.repeat(11)], 'big.md'), options)).toMatch(/limit/);
    expect(refusal(new File([], 'empty.md'), options)).toMatch(/empty/);
  });
});

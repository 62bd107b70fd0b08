'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorOf } from '../_client/api';
import { type UploadItem, type UploadOptions, UploadRejected, documentState, folderLabel, refusal, sendFile, stageOf } from './upload-progress';

const POLL_MS = 1000;
// Indexing a large scanned PDF with OCR can take minutes; after this the status page says more.
const FOLLOW_MS = 15 * 60_000;

let counter = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The files added from the chat page and where each stands: sent, waiting for the watcher, indexing, searchable or quarantined. */
export function useUploads(options: UploadOptions | null) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
    };
  }, []);

  const update = useCallback((key: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const follow = useCallback(
    async (key: string, docId: string, sha256: string) => {
      const deadline = Date.now() + FOLLOW_MS;
      while (!unmounted.current) {
        // A poll that fails (the server restarting) is simply tried again on the next tick.
        const state = await documentState(docId).catch(() => undefined);
        if (state !== undefined) {
          const next = stageOf(state, sha256);
          update(key, next);
          if (next.stage === 'searchable' || next.stage === 'quarantined') return;
        }
        if (Date.now() > deadline) {
          update(key, { stage: 'failed', message: 'Not indexed yet after 15 minutes: the status page says what the watcher is doing.' });
          return;
        }
        await sleep(POLL_MS);
      }
    },
    [update],
  );

  const send = useCallback(
    async (item: UploadItem, overwrite: boolean) => {
      update(item.key, { stage: 'uploading', percent: 0, message: null });
      try {
        const uploaded = await sendFile(item, overwrite, (percent) => update(item.key, { percent }));
        update(item.key, { stage: 'waiting', percent: 100, docId: uploaded.docId, path: uploaded.path, sha256: uploaded.sha256 });
        if (!uploaded.readable) {
          update(item.key, { stage: 'added', message: 'You may not read that folder, so its progress cannot be shown here.' });
          return;
        }
        await follow(item.key, uploaded.docId, uploaded.sha256);
      } catch (caught) {
        // The server's message tells API clients to send overwrite; people get the question and its button.
        if (caught instanceof UploadRejected && caught.code === 'file_exists')
          update(item.key, { stage: 'exists', message: `A file named “${item.file.name}” is already in ${folderLabel(item.folder)}.` });
        else update(item.key, { stage: 'failed', message: errorOf(caught).message });
      }
    },
    [follow, update],
  );

  const add = useCallback(
    (files: File[], folder: string) => {
      for (const file of files) {
        counter += 1;
        const item: UploadItem = {
          key: `upload-${counter}`,
          file,
          folder,
          stage: 'uploading',
          percent: 0,
          message: null,
          path: null,
          docId: null,
          sha256: null,
        };
        const refused = options ? refusal(file, options) : null;
        setItems((current) => [...current, refused ? { ...item, stage: 'failed', message: refused } : item]);
        if (!refused) void send(item, false);
      }
    },
    [options, send],
  );

  const replace = useCallback((item: UploadItem) => void send(item, true), [send]);
  const dismiss = useCallback((key: string) => setItems((current) => current.filter((item) => item.key !== key)), []);

  return { items, add, replace, dismiss };
}

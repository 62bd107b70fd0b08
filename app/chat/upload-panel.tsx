'use client';

import { useEffect, useState } from 'react';
import { type UploadItem, type UploadOptions, folderLabel } from './upload-progress';
import { useUploads } from './use-uploads';

// Adding documents from the chat page, for people who may contribute to some folder: a file input
// and a folder, or files dropped anywhere on the page. The file goes into the watched folder and the
// watcher indexes it; each file's line follows it until it is searchable or quarantined.

const STAGE_TEXT: Record<UploadItem['stage'], string> = {
  uploading: 'Uploading',
  waiting: 'Waiting for the watcher…',
  indexing: 'Indexing…',
  searchable: 'Searchable',
  quarantined: 'Not indexed',
  added: 'Added',
  exists: 'Already there',
  failed: 'Failed',
};

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

function UploadLine({ item, onReplace, onDismiss }: { item: UploadItem; onReplace: () => void; onDismiss: () => void }) {
  const done = ['searchable', 'quarantined', 'added', 'failed'].includes(item.stage);
  return (
    <li className={`upload-item ${item.stage}`} data-testid="upload-item" data-stage={item.stage} data-name={item.file.name}>
      <span className="upload-name path">{item.path ?? `${item.folder}${item.file.name}`}</span>
      <span className="upload-stage">
        {STAGE_TEXT[item.stage]}
        {item.stage === 'uploading' ? ` ${item.percent}%` : null}
      </span>
      {item.stage === 'uploading' ? <progress max={100} value={item.percent} aria-label={`Uploading ${item.file.name}`} /> : null}
      {item.message ? <span className="upload-message">{item.message}</span> : null}
      {item.stage === 'exists' ? (
        <span className="row">
          <span>Replace it?</span>
          <button type="button" className="button" onClick={onReplace}>
            Replace it
          </button>
          <button type="button" className="button" onClick={onDismiss}>
            Keep the old one
          </button>
        </span>
      ) : null}
      {done ? (
        <button type="button" className="button" onClick={onDismiss} aria-label={`Dismiss ${item.file.name}`}>
          Dismiss
        </button>
      ) : null}
    </li>
  );
}

export function UploadPanel() {
  const [options, setOptions] = useState<UploadOptions | null>(null);
  const [folder, setFolder] = useState('');
  const [dragging, setDragging] = useState(false);
  const { items, add, replace, dismiss } = useUploads(options);

  useEffect(() => {
    let stopped = false;
    // Anonymous visitors get 401 and people without a folder an empty list: either way no control shows.
    void fetch('/api/uploads', { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<UploadOptions>) : null))
      .catch(() => null)
      .then((loaded) => {
        if (stopped || !loaded?.folders.length) return;
        setOptions(loaded);
        setFolder(loaded.folders[0]!);
      });
    return () => {
      stopped = true;
    };
  }, []);

  useEffect(() => {
    if (!options) return;
    // dragenter and dragleave fire for every element crossed: the depth tells when the drag left the page.
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      add([...(event.dataTransfer?.files ?? [])], folder);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [options, add, folder]);

  if (!options) return null;
  return (
    <div className="uploads" data-testid="upload-panel">
      <div className="upload-controls">
        <label htmlFor="upload-file" className="button">
          Add a document
        </label>
        <input
          id="upload-file"
          type="file"
          className="visually-hidden"
          multiple
          accept={options.extensions.join(',')}
          onChange={(event) => {
            add([...(event.target.files ?? [])], folder);
            // The same file chosen again (after replacing it, say) must fire change again.
            event.target.value = '';
          }}
        />
        <label htmlFor="upload-folder" className="small muted">
          to folder
        </label>
        <select id="upload-folder" value={folder} onChange={(event) => setFolder(event.target.value)}>
          {options.folders.map((name) => (
            <option key={name} value={name}>
              {folderLabel(name)}
            </option>
          ))}
        </select>
        <span className="small muted">or drop files anywhere on the page</span>
      </div>
      {items.length ? (
        <ul className="upload-list" aria-live="polite" aria-label="Added documents">
          {items.map((item) => (
            <UploadLine key={item.key} item={item} onReplace={() => replace(item)} onDismiss={() => dismiss(item.key)} />
          ))}
        </ul>
      ) : null}
      {dragging ? (
        <div className="upload-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop to add to {folderLabel(folder)}
        </div>
      ) : null}
    </div>
  );
}

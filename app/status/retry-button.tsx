import type { DocumentStatusEntry } from '@/lib/status';
import { request } from '../_client/api';
import { useAction } from '../_client/use-action';
import { ErrorText } from '../_client/error-text';

/** Queues a quarantined document to be read again (admin). */
export function RetryButton({ doc, onDone }: { doc: DocumentStatusEntry; onDone: (message: string) => void }) {
  const { busy, error, run } = useAction();
  const retry = () =>
    run(async () => {
      await request(`/api/documents/${encodeURIComponent(doc.id)}/retry`, { method: 'POST' });
      onDone(`Queued ${doc.path} to be read again.`);
    });
  return (
    <>
      <button type="button" className="button" onClick={() => void retry()} disabled={busy} data-testid="retry-button" aria-label={`Retry ${doc.path}`}>
        {busy ? 'Retrying…' : 'Retry'}
      </button>
      <ErrorText error={error} next="/status" inline />
    </>
  );
}

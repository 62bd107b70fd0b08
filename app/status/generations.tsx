import { when } from '../_client/format';
import { ScrollTable } from '../_client/scroll-table';
import type { Dashboard } from './use-dashboard';

/** The generation serving now and, folded away, every generation with its state. */
export function Generations({ data }: { data: Dashboard }) {
  const { report, generations } = data;
  return (
    <section aria-labelledby="generation-heading">
      <h2 id="generation-heading">Index generation</h2>
      <div className="panel" data-testid="generation-serving">
        <p>
          Serving <strong data-testid="generation-name">{report.generation}</strong> on <strong>{report.backend}</strong> with the embedder{' '}
          <code>{report.embedder}</code>.
        </p>
        <p className="small muted">
          Pipeline: {report.pipeline.running ? `running (pid ${report.pipeline.pid})` : 'not running — changes and retries wait until it starts'}.
        </p>
      </div>
      {generations.length ? (
        <details className="generations">
          <summary>All generations ({generations.length})</summary>
          <ScrollTable wide testId="generations-table" columns={['Name', 'State', 'Backend', 'Embedder', 'Created', 'Activated', 'Note']}>
            {generations.map((generation) => (
              <tr key={generation.name}>
                <td>{generation.name}</td>
                <td>
                  <span
                    className={`badge ${generation.state === 'serving' ? 'ok' : generation.state === 'failed' ? 'bad' : generation.state === 'building' ? 'warn' : ''}`}
                  >
                    {generation.state}
                  </span>
                </td>
                <td>{generation.backend}</td>
                <td>
                  <code>{generation.embedder}</code>
                </td>
                <td>{when(generation.created_at)}</td>
                <td>{when(generation.activated_at)}</td>
                <td className="pre">{generation.note ?? ''}</td>
              </tr>
            ))}
          </ScrollTable>
        </details>
      ) : null}
    </section>
  );
}

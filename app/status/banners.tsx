import type { StatusReport } from '@/lib/status';

/** What stops answers or makes them worse right now: an index that does not answer, an embedder that does not match it. */
export function Banners({ report }: { report: StatusReport }) {
  return (
    <>
      {report.index && !report.index.ok ? (
        <div className="notice bad" role="alert" data-testid="index-outage">
          <strong>The search index ({report.index.backend}) is not answering.</strong> Questions are passed to a person until it is back. {report.index.detail}
        </div>
      ) : null}
      {report.embedder_warning ? (
        <div className="notice warn" role="alert" data-testid="embedder-warning">
          {report.embedder_warning}
        </div>
      ) : null}
      {report.terms_warning ? (
        <div className="notice warn" role="alert" data-testid="terms-warning">
          {report.terms_warning}
        </div>
      ) : null}
    </>
  );
}

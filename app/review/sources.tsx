import type { Citation } from '@/lib/answer/events';
import { CitationList } from '../_client/citation-list';

/** The passages a draft was written from, folded away. */
export function Sources({ sources }: { sources: Citation[] }) {
  if (sources.length === 0) return <p className="small muted">No sources were found for this question.</p>;
  return (
    <details className="sources">
      <summary>
        {sources.length} source{sources.length === 1 ? '' : 's'}
      </summary>
      <CitationList citations={sources} label="Sources" showLabel={false} />
    </details>
  );
}

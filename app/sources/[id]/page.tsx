import { SourceViewer } from './source-viewer';

export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ start?: string; end?: string; q?: string }>;
}) {
  const { id } = await params;
  const { start, end, q } = await searchParams;
  return <SourceViewer id={id} start={Number(start ?? -1)} end={Number(end ?? -1)} quote={typeof q === 'string' && q.trim() ? q : null} />;
}

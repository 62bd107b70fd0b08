import { parseCommandLine, printJson, runMain, say } from '../../scripts/cli';
import { updateReliabilityReport } from '../../scripts/reliability-report';
import { writeResult } from '../../scripts/results';
import { UsageError } from '../../lib/errors';
import { FAULTS } from './suite';

// `npm run fault -- <name> [--full] [--json]`: one fault test, quick (seconds to a couple of
// minutes, what test:full runs) or full (the figures in docs/reliability.md).
runMain(async () => {
  const { values, positionals } = parseCommandLine({ full: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } });
  const name = positionals[0] ?? '';
  const fault = FAULTS[name];
  if (!fault) throw new UsageError(`usage: npm run fault -- <${Object.keys(FAULTS).join('|')}> [--full] [--json]`);
  const mode = values.full ? 'full' : 'quick';
  say(`Fault test ${name} (${mode})...`);
  const result = await fault(mode, say);
  const file = writeResult(`fault-${name}-${mode}`, result as Record<string, unknown>);
  say(`Wrote ${file}`);
  if (mode === 'full') say(`Updated ${updateReliabilityReport()}`);
  if (values.json) printJson(result);
  const broken = brokenPromises(result as Record<string, unknown>);
  if (broken.length) say(`docent: the fault test found ${broken.join(', ')}`);
  return broken.length ? 1 : 0;
});

/** The counts that must be zero after any fault test, wherever they appear in its result. */
const MUST_BE_ZERO = [
  'documents_lost_or_wrong',
  'stale_chunks',
  'duplicate_chunks',
  'registry_mismatches',
  'table_mismatches',
  'pending_jobs',
  'documents_lost',
  'point_count_mismatches',
  'points_of_deleted_documents',
  'unhandled',
  'unexpected_exits',
  'restored_document_differences',
  'restored_escalation_differences',
  'chat_errors',
  'leaks',
  'forbidden_requests_accepted',
];

function brokenPromises(result: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(result).flatMap(([key, value]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) return brokenPromises(value as Record<string, unknown>, `${prefix}${key}.`);
    return MUST_BE_ZERO.includes(key) && typeof value === 'number' && value !== 0 ? [`${prefix}${key} = ${value}`] : [];
  });
}

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
});

import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { openServices } from '../lib/services';
import { createPipeline } from '../ingest/create-pipeline';
import { describeTerms } from '../ingest/retokenize';
import { describeSync, resolveRoot, syncFolder } from '../ingest/sync';
import { onInterrupt, parseCommandLine, printJson, progressBar, runMain, say } from './cli';

runMain(async () => {
  const { values, positionals } = parseCommandLine({ json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError('usage: npm run ingest -- <folder> [--json]');
  const root = resolveRoot(positionals[0]!);
  const services = await openServices(getConfig());
  const { pipeline, extractor } = createPipeline(services);
  onInterrupt(() => pipeline.stop());
  pipeline.on('error', (error) => say(`docent: ${error.message}`));
  pipeline.on('terms', (event) => {
    const line = describeTerms(event);
    if (line) say(line);
  });
  if (services.embedderWarning) say(`docent: ${services.embedderWarning}`);
  let bar: ReturnType<typeof progressBar> | null = null;
  try {
    const summary = await syncFolder(services, pipeline, root, {
      onScan: (scan, queued) => {
        say(`Scanned ${scan.scanned} files under ${root}: ${queued} to process.`);
        if (queued > 0) bar = progressBar('Ingesting', queued);
      },
      onProgress: (done, total, label) => {
        bar?.setTotal(total);
        bar?.update(done, label);
      },
    });
    (bar as ReturnType<typeof progressBar> | null)?.stop();
    say(describeSync(summary));
    if (values.json) printJson(summary);
    return summary.outcomes.retry > 0 ? 2 : 0;
  } finally {
    await extractor.close();
    await services.close();
  }
});

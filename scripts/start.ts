import { getConfig } from '../lib/config';
import { UsageError } from '../lib/errors';
import { openServices } from '../lib/services';
import { resolveRoot } from '../ingest/sync';
import { prepareWatchDir, startWatcher } from '../ingest/watcher';
import { onInterrupt, parseCommandLine, runMain, say } from './cli';

runMain(async () => {
  const { positionals } = parseCommandLine({});
  if (positionals.length > 1) throw new UsageError('usage: npm start');
  const config = getConfig();
  const root = positionals[0] ? resolveRoot(positionals[0]) : prepareWatchDir(config, say);
  const services = await openServices(config);
  if (services.embedderWarning) say(`docent: ${services.embedderWarning}`);
  try {
    const watcher = await startWatcher(services, [root], say);
    onInterrupt(() => watcher.stop());
    say('Press Ctrl-C to stop.');
    await watcher.done;
    say('Stopped.');
  } finally {
    await services.close();
  }
});

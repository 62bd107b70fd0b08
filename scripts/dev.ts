import { getConfig } from '../lib/config';
import { openServices } from '../lib/services';
import { prepareWatchDir, startWatcher } from '../ingest/watcher';
import { ensureAdmin, startNext, stopChild } from './web-server';
import { onInterrupt, runMain, say } from './cli';

// `npm run dev`: the watcher plus `next dev` (hot reload), for development.
runMain(async () => {
  const config = getConfig();
  const root = prepareWatchDir(config, say);
  const services = await openServices(config);
  try {
    ensureAdmin(config, services.db, say);
    const watcher = await startWatcher(services, [root], say);
    const server = await startNext(config, 'dev', say);
    onInterrupt(() => {
      watcher.stop();
      void stopChild(server);
    });
    await watcher.done;
    await stopChild(server);
  } finally {
    await services.close();
  }
});

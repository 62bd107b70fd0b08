import type { ChildProcess } from 'node:child_process';
import { getConfig } from '../lib/config';
import { openServices } from '../lib/services';
import { prepareWatchDir, startWatcher } from '../ingest/watcher';
import { buildIfNeeded, ensureAdmin, startNext, stopChild } from './web-server';
import { onInterrupt, runMain, say } from './cli';

// `npm start`: builds the web app if needed, watches DOCENT_WATCH_DIR (created with the sample
// documents on first start) and serves the app on PORT. Ctrl-C stops both cleanly.
runMain(async () => {
  const config = getConfig();
  const root = prepareWatchDir(config, say);
  const services = await openServices(config);
  if (services.embedderWarning) say(`docent: ${services.embedderWarning}`);
  let server: ChildProcess | null = null;
  try {
    ensureAdmin(config, services.db, say);
    const watcher = await startWatcher(services, [root], say);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      watcher.stop();
      void stopChild(server);
    };
    onInterrupt(stop);
    try {
      // Indexing goes on while the web app builds (only when its sources changed since the last build).
      await buildIfNeeded(say);
      server = await startNext(config, 'start', say);
    } catch (error) {
      stop();
      await watcher.done;
      throw error;
    }
    server.once('exit', (code) => {
      if (!stopping) say(`docent: the web server exited (code ${code}); stopping.`);
      stop();
    });
    say('Press Ctrl-C to stop.');
    await watcher.done;
    await stopChild(server);
    say('Stopped.');
  } finally {
    await services.close();
  }
});

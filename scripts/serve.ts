import { getConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { buildIfNeeded, ensureAdmin, startNext, stopChild } from './web-server';
import { onInterrupt, runMain, say } from './cli';

// `npm run serve`: the web app alone (the watcher runs elsewhere, e.g. its own container).
runMain(async () => {
  const config = getConfig();
  const db = openDatabase(config.dataDir);
  try {
    ensureAdmin(config, db, say);
  } finally {
    db.close();
  }
  await buildIfNeeded(say);
  const server = await startNext(config, 'start', say);
  await new Promise<void>((resolve) => {
    onInterrupt(() => void stopChild(server).then(resolve));
    server.once('exit', () => resolve());
  });
  say('Stopped.');
});

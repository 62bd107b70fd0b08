// Runs after `npm install`: builds the web app so that the first `npm start` answers within
// seconds instead of building for a minute first. A failed build never fails the install: the
// app is then built at the first start, which says why. Skipped where the app's sources are not
// there yet (the Docker image installs dependencies before it copies the sources).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (!fs.existsSync('app') || !fs.existsSync('scripts/build-web.ts')) process.exit(0);
const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--if-needed'], { stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write('docent: the web app was not built during install; `npm start` will build it (and show why it failed).\n');
}

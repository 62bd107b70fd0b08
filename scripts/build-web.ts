import { buildIfNeeded } from './web-server';
import { parseCommandLine, runMain, say } from './cli';

// `npm run build` (and the install step): builds the web app and records which sources it was
// built from, so that `npm start` and `npm run serve` start serving at once. `--if-needed` skips
// a build that is already current.
runMain(async () => {
  const { values } = parseCommandLine({ 'if-needed': { type: 'boolean', default: false } });
  await buildIfNeeded(say, { force: !values['if-needed'] });
});

#!/usr/bin/env node
// A file over 300 lines is usually doing several jobs (docs/architecture.md). This keeps the rule
// for lib/, ingest/ and app/.
import fs from 'node:fs';
import path from 'node:path';

const LIMIT = 300;
const ROOTS = ['lib', 'ingest', 'app'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/;

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (SOURCE.test(entry.name)) yield full;
  }
}

const tooLong = [];
for (const root of ROOTS) {
  for (const file of sources(root)) {
    const relative = file.split(path.sep).join('/');
    const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
    if (lines > LIMIT) tooLong.push(`${relative}: ${lines} lines`);
  }
}
if (tooLong.length > 0) {
  console.error(`These files are over ${LIMIT} lines; split them by responsibility:\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-file-size: every file in ${ROOTS.join('/, ')}/ is at most ${LIMIT} lines`);

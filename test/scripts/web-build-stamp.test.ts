import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { buildIsCurrent, sourceFingerprint } from '../../scripts/web-server';
import { tempDir, writeFile } from '../helpers/temp';

it('counts the web build current while its sources read the same, whatever their modification times', () => {
  const root = tempDir();
  writeFile(root, 'app/page.tsx', 'export default function Page() { return null; }\n');
  writeFile(root, 'lib/answer.ts', 'export const answer = 42;\n');
  writeFile(root, 'package-lock.json', '{ "lockfileVersion": 3 }\n');
  writeFile(root, '.next/BUILD_ID', 'build-1');
  expect(buildIsCurrent(root), 'no stamp yet').toBe(false);
  writeFile(root, '.next/docent-build-stamp', sourceFingerprint(root));
  expect(buildIsCurrent(root)).toBe(true);

  // What `npm install` does to an unchanged lockfile, and a checkout to files it leaves as they were.
  const later = new Date(Date.now() + 60_000);
  for (const file of ['package-lock.json', 'lib/answer.ts']) fs.utimesSync(path.join(root, file), later, later);
  expect(buildIsCurrent(root), 'only touched').toBe(true);

  writeFile(root, 'lib/answer.ts', 'export const answer = 43;\n');
  expect(buildIsCurrent(root), 'a source changed').toBe(false);
  writeFile(root, 'lib/answer.ts', 'export const answer = 42;\n');
  expect(buildIsCurrent(root)).toBe(true);
  writeFile(root, 'app/new-page.tsx', 'export default function New() { return null; }\n');
  expect(buildIsCurrent(root), 'a source added').toBe(false);
});

import fs from 'node:fs';
import * as prettier from 'prettier';

/** Writes a generated source file (a fitted model) formatted as the repository's Prettier settings would, so a refit's diff shows the numbers that changed rather than the layout. */
export async function writeSource(file: string, source: string): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(source, { ...options, filepath: file }));
}

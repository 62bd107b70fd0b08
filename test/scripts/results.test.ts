import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { commandLine, readResult, writeResult } from '../../scripts/results';
import { tempDir } from '../helpers/temp';

describe('benchmark results', () => {
  it('reads back what the last run wrote, so a run over some languages can keep the others', () => {
    const folder = tempDir('docent-results-');
    expect(readResult('eval-languages', folder)).toBeUndefined();
    writeResult('eval-languages', { languages: { de: { answered_rate: 0.8 } } }, folder);
    const previous = readResult<{ languages: Record<string, unknown>; measured_at: string }>('eval-languages', folder);
    expect(previous?.languages).toEqual({ de: { answered_rate: 0.8 } });
    expect(typeof previous?.measured_at).toBe('string');
  });

  it('records how a run was started: the npm script, or the file when npx ran it', () => {
    const argv = ['node', path.resolve('scripts/eval-docs.ts'), '--dataset', 'handbook', '--json'];
    expect(commandLine('eval:docs', argv)).toBe('npm run eval:docs -- --dataset handbook --json');
    expect(commandLine('npx', argv)).toBe(`npx tsx ${path.join('scripts', 'eval-docs.ts')} --dataset handbook --json`);
    expect(commandLine(null, argv.slice(0, 2))).toBe(`npx tsx ${path.join('scripts', 'eval-docs.ts')}`);
  });
});

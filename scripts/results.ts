import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { npmScriptName } from '../lib/config';

/**
 * Where benchmark and evaluation scripts write their JSON: docs/results/, committed with the
 * figures, unless a run asks for another folder (tests do, so they never rewrite the report).
 */
export function writeResult(name: string, result: Record<string, unknown>, folder = path.resolve('docs', 'results')): string {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.json`);
  const record = {
    ...result,
    measured_at: new Date().toISOString(),
    machine: { cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    command: commandLine(npmScriptName(), process.argv),
  };
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/**
 * How a run was started, so that it can be run again: `npm run <script> -- …` when npm started it, else the script file
 * through tsx. `npx` sets npm's script name to "npx", which recorded runs as "npm run npx -- …".
 */
export function commandLine(script: string | null, argv: string[]): string {
  const args = argv.slice(2).join(' ');
  if (script && script !== 'npx') return `npm run ${script} -- ${args}`.trim();
  return `npx tsx ${path.relative(process.cwd(), argv[1] ?? '')} ${args}`.trim();
}

/** The JSON a script wrote last under `name`, if any: a run over part of a set (some languages) keeps the rest. */
export function readResult<T extends Record<string, unknown>>(name: string, folder = path.resolve('docs', 'results')): Partial<T> | undefined {
  const file = path.join(folder, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<T>) : undefined;
}

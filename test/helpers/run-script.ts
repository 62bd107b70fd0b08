import { spawn } from 'node:child_process';
import path from 'node:path';
import { defaultsEnvironment } from '../../lib/config';
import { testEmbedCache } from './temp';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout parsed as JSON (what --json promises). */
  json: unknown;
}

/**
 * Runs one of the npm scripts' entry points the way `npm run` does, with the given environment (and the run's
 * embedding cache unless it says otherwise).
 * stdin is closed, unless `options.stdin` gives the text to pipe in (then it ends after it).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; stdin?: string } = {},
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', script), ...args], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      env: defaultsEnvironment({ ...testEmbedCache(), ...env }),
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let json: unknown = null;
      try {
        json = JSON.parse(last);
      } catch {
        json = null;
      }
      resolve({ code, stdout, stderr, json });
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}

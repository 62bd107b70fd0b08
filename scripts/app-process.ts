import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { defaultsEnvironment } from '../lib/config';

// `npm start` as a child process, for the browser tests and the chat benchmark: a fresh data
// directory and watched folder, a free port, and the memory of the whole process tree.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export interface RunningApp {
  url: string;
  pid: number;
  output: () => string;
  stop(): Promise<number | null>;
}

// The long-lived commands run bundled, as package.json starts them (scripts/run.mjs); the others through tsx.
const BUNDLED = new Set(['start.ts', 'watch.ts', 'serve.ts']);

/** Node's arguments that start scripts/<script> the way its npm script does. */
export function scriptArguments(script: string): string[] {
  const entry = path.resolve('scripts', script);
  return BUNDLED.has(script) ? [path.resolve('scripts/run.mjs'), entry] : ['--import', 'tsx', entry];
}

/** Runs `npm start` (scripts/start.ts) on the given data directory and watched folder; resolves once it serves. */
export async function startApp(options: { dataDir: string; watchDir: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunningApp> {
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, scriptArguments('start.ts'), {
    cwd: path.resolve('.'),
    env: defaultsEnvironment({
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      DOCENT_DATA_DIR: options.dataDir,
      DOCENT_WATCH_DIR: options.watchDir,
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a forced stop also ends `next start` below it, which would
    // otherwise keep the port and its memory.
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // ESRCH: the group has already ended.
    }
  };
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  while (!output.includes('Docent is serving on')) {
    if (child.exitCode !== null) {
      killGroup();
      throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    }
    if (Date.now() > deadline) {
      killGroup();
      throw new Error(`npm start did not serve in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup();
        return child.exitCode;
      }
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // A graceful stop first (start.ts stops the watcher and the server), then the whole group.
      child.kill('SIGINT');
      const timer = setTimeout(killGroup, 30_000);
      const code = await exited;
      clearTimeout(timer);
      killGroup();
      return code;
    },
  };
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function processTreeRss(rootPid: number): number {
  return processTreeMemory(rootPid).reduce((sum, process) => sum + process.rss, 0);
}

/** Each process of the tree with its resident memory in bytes, named by the script it runs (worker threads count in their process). */
export function processTreeMemory(rootPid: number): { pid: number; name: string; rss: number }[] {
  const children = new Map<number, number[]>();
  const found = new Map<number, { name: string; rss: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      // Named after its script; a command started through scripts/run.mjs after the command, not the launcher.
      const script = args.find((arg) => /\.(ts|mjs|js)$/.test(arg) && !arg.includes('node_modules') && !arg.endsWith('run.mjs')) ?? args[0] ?? '?';
      found.set(Number(entry), { name: path.basename(script), rss: Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024 });
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we were reading /proc: it no longer uses memory.
    }
  }
  const out: { pid: number; name: string; rss: number }[] = [];
  const visit = (pid: number) => {
    const process = found.get(pid);
    if (process) out.push({ pid, ...process });
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return out;
}

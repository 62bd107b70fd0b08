import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// Three real Qdrant processes on loopback in distributed mode, each with its own storage under a
// temporary folder (Qdrant writes `.qdrant-initialized` into its working directory, so that is the
// node's folder too). Only what the cluster test needs: start, SIGKILL, restart on the same
// storage, and the cluster's view of peers and shard replicas.

export interface NodePorts {
  http: number;
  grpc: number;
  p2p: number;
}

export interface Replica {
  shard: number;
  peer: number;
  state: string;
  /** Points the replica holds; known only for the asking node's own (local) replicas. */
  points?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson<T>(url: string, timeoutMs = 5000): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await response.json()) as { result?: T; status?: unknown };
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${JSON.stringify(body.status)}`);
  return body.result as T;
}

/** Resolves when nothing listens on `port` (a leftover process would make the test measure it instead). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

export async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    await sleep(everyMs);
  }
}

export class QdrantNode {
  peerId = 0;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly binary: string,
    readonly dir: string,
    readonly ports: NodePorts,
    private readonly peerArgs: string[],
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.ports.http}`;
  }

  get p2pUri(): string {
    return `http://127.0.0.1:${this.ports.p2p}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process (on the storage it had before, if any) and waits until it answers /readyz. */
  async start(timeoutMs = 60_000): Promise<void> {
    for (const port of Object.values(this.ports)) {
      if (!(await portFree(port))) throw new Error(`${this.name}: port ${port} on 127.0.0.1 is already in use (a Qdrant left over from another run?)`);
    }
    const log = fs.openSync(path.join(this.dir, 'qdrant.log'), 'a');
    // Only Qdrant's own settings: nothing from the test's environment reaches the server.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.dir,
      QDRANT__CLUSTER__ENABLED: 'true',
      QDRANT__TELEMETRY_DISABLED: 'true',
      QDRANT__SERVICE__HOST: '127.0.0.1',
      QDRANT__SERVICE__HTTP_PORT: String(this.ports.http),
      QDRANT__SERVICE__GRPC_PORT: String(this.ports.grpc),
      QDRANT__CLUSTER__P2P__PORT: String(this.ports.p2p),
      QDRANT__STORAGE__STORAGE_PATH: path.join(this.dir, 'storage'),
      QDRANT__STORAGE__SNAPSHOTS_PATH: path.join(this.dir, 'snapshots'),
    };
    const child = spawn(this.binary, ['--disable-telemetry', ...this.peerArgs], { cwd: this.dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    await until(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited: ${this.logTail()}`);
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
      },
      timeoutMs,
      `${this.name} to answer /readyz`,
    );
    this.peerId = (await getJson<{ peer_id: number }>(`${this.url}/cluster`)).peer_id;
  }

  /** SIGKILL: no shutdown, whatever was in flight is cut off. */
  async kill(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }

  logTail(lines = 15): string {
    const file = path.join(this.dir, 'qdrant.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
  }
}

export class QdrantCluster {
  readonly nodes: QdrantNode[];

  /** Node `k` listens on basePort + 10k (HTTP), + 1 (gRPC), + 2 (P2P); the first one bootstraps. */
  constructor(binary: string, root: string, basePort: number, size = 3) {
    const ports = (k: number): NodePorts => ({ http: basePort + 10 * k, grpc: basePort + 10 * k + 1, p2p: basePort + 10 * k + 2 });
    const first = `http://127.0.0.1:${ports(0).p2p}`;
    this.nodes = Array.from({ length: size }, (_, k) => {
      const own = `http://127.0.0.1:${ports(k).p2p}`;
      return new QdrantNode(
        `node-${k + 1}`,
        binary,
        path.join(root, `node-${k + 1}`),
        ports(k),
        k === 0 ? ['--uri', own] : ['--bootstrap', first, '--uri', own],
      );
    });
  }

  get bootstrap(): QdrantNode {
    return this.nodes[0]!;
  }

  /** Starts the bootstrap node, then the others, and waits until the first sees every peer. */
  async start(timeoutMs = 90_000): Promise<void> {
    await this.bootstrap.start(timeoutMs);
    // All settled before a failure is thrown, so stop() finds every process that was spawned.
    const started = await Promise.allSettled(this.nodes.slice(1).map((node) => node.start(timeoutMs)));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    await until(
      async () => Object.keys((await getJson<{ peers: Record<string, unknown> }>(`${this.bootstrap.url}/cluster`)).peers).length === this.nodes.length,
      timeoutMs,
      `all ${this.nodes.length} peers in GET /cluster`,
    );
  }

  /** Every replica of every shard as `node` sees them (local ones with their point counts). */
  async replicas(collection: string, node: QdrantNode = this.bootstrap): Promise<Replica[]> {
    type Local = { shard_id: number; state: string; points_count: number };
    type Remote = { shard_id: number; peer_id: number; state: string };
    const view = await getJson<{ peer_id: number; local_shards: Local[]; remote_shards: Remote[] }>(
      `${node.url}/collections/${encodeURIComponent(collection)}/cluster`,
    );
    return [
      ...view.local_shards.map((shard) => ({ shard: shard.shard_id, peer: view.peer_id, state: shard.state, points: shard.points_count })),
      ...view.remote_shards.map((shard) => ({ shard: shard.shard_id, peer: shard.peer_id, state: shard.state })),
    ];
  }

  /**
   * Waits until `expected` replicas are all Active in the bootstrap node's view and returns the
   * seconds it took (the time a restarted node needs to catch up).
   */
  async waitAllActive(collection: string, expected: number, timeoutMs = 300_000): Promise<number> {
    const started = performance.now();
    await until(
      async () => {
        const replicas = await this.replicas(collection);
        return replicas.length === expected && replicas.every((replica) => replica.state === 'Active');
      },
      timeoutMs,
      `${expected} Active replicas of ${collection}`,
      100,
    );
    return (performance.now() - started) / 1000;
  }

  /**
   * Shards whose replicas hold different numbers of points, read from each running node's own
   * local shards (after catch-up, every replica of a shard must hold the same points).
   */
  async replicaCountMismatches(collection: string): Promise<string[]> {
    const byShard = new Map<number, { node: string; points: number }[]>();
    for (const node of this.nodes.filter((item) => item.running)) {
      for (const replica of await this.replicas(collection, node)) {
        if (replica.points === undefined) continue;
        byShard.set(replica.shard, [...(byShard.get(replica.shard) ?? []), { node: node.name, points: replica.points }]);
      }
    }
    return [...byShard]
      .filter(([, counts]) => new Set(counts.map((item) => item.points)).size > 1)
      .map(([shard, counts]) => `shard ${shard}: ${counts.map((item) => `${item.node}=${item.points}`).join(', ')}`);
  }

  /** SIGKILLs every node still running (afterAll: also when the test failed half-way). */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
  }
}

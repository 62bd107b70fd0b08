import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

// A local stand-in for a Qdrant 1.19 server: the REST endpoints Docent's adapter uses, with real
// semantics where results depend on them (cosine normalisation, sparse dot products with Qdrant's
// IDF modifier, DBSF/RRF fusion, payload filters, scroll paging, aliases), in memory, over real
// HTTP so the official client, its serialisation and its error handling are exercised too. Where
// releases from 1.12 on differ in something Docent can see, `version` picks the behaviour (collection
// metadata from 1.16, the IDF document count from 1.15); each such difference, and each place the
// double was found to differ from a real server, has a test in test/lib/vector-index/qdrant-suites.ts.

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (percent-encoded). */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** The compressions the client accepts (its `accept-encoding`), if it said. */
  acceptEncoding?: string;
  response?: { status: number; body: unknown };
}

export interface SparseVector {
  indices: number[];
  values: number[];
}

type PointId = string | number;
type Json = unknown;
type JsonObject = Record<string, unknown>;
type Distance = 'Cosine' | 'Dot' | 'Euclid' | 'Manhattan';

interface DenseConfig {
  size: number;
  distance: Distance;
}

interface StoredPoint {
  id: PointId;
  dense: Map<string, number[]>;
  sparse: Map<string, SparseVector>;
  payload: JsonObject;
  version: number;
}

interface PayloadIndex {
  data_type: string;
  params: JsonObject | null;
}

interface Collection {
  name: string;
  /** Named dense vectors; the unnamed default vector is stored under "". */
  vectors: Map<string, DenseConfig>;
  /** Whether the collection was created with a single unnamed vector (changes response shapes). */
  unnamed: boolean;
  sparse: Map<string, { modifier: 'none' | 'idf' }>;
  shardNumber: number;
  replicationFactor: number;
  metadata: JsonObject | null;
  payloadSchema: Map<string, PayloadIndex>;
  points: Map<string, StoredPoint>;
  snapshots: number;
}

interface Scored {
  point: StoredPoint;
  score: number;
}

/** An error answered as Qdrant does: `{status: {error}, time}` with an HTTP status. */
export class QdrantDoubleError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new QdrantDoubleError(400, message);
/** Qdrant answers a request that parses but breaks a validation rule (limit 0, repeated sparse indices) with 422. */
const invalid = (message: string) => new QdrantDoubleError(422, `Validation error in JSON body: [${message}]`);
const notFound = (message: string) => new QdrantDoubleError(404, message);
const unsupported = (what: string) => new QdrantDoubleError(400, `Wrong input: QdrantDouble does not implement ${what}`);

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const F32_EPSILON = 1e-12;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const clone = <T>(value: T): T => structuredClone(value);

function parsePointId(raw: unknown): { id: PointId; key: string } {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return { id: raw, key: `#${raw}` };
  if (typeof raw === 'string') {
    const bare = raw.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
    if (UUID.test(bare)) {
      // Qdrant stores UUIDs canonically: lower case, hyphenated.
      const hex = bare.replace(/-/g, '').toLowerCase();
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { id, key: id };
    }
  }
  throw badRequest(
    `Format error in JSON body: value ${typeof raw === 'string' ? raw : JSON.stringify(raw)} is not a valid point ID, valid values are either an unsigned integer or a UUID`,
  );
}

/** Qdrant orders points by id: integers first, then UUIDs by their 128-bit value. */
function compareIds(a: PointId, b: PointId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function listOf<T>(value: T | T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Values of a payload key (`a.b`, arrays flattened), as Qdrant's filters see them. */
function payloadValues(payload: JsonObject, key: string): unknown[] {
  let current: unknown[] = [payload];
  for (const part of key.replace(/\[\]/g, '').split('.')) {
    current = current.flatMap((value) => (isObject(value) && part in value ? listOf(value[part]) : []));
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

function denseScore(distance: Distance, query: number[], stored: number[]): number {
  switch (distance) {
    case 'Cosine':
    case 'Dot':
      return query.reduce((sum, value, index) => sum + value * stored[index]!, 0);
    case 'Euclid':
      return Math.sqrt(query.reduce((sum, value, index) => sum + (value - stored[index]!) ** 2, 0));
    case 'Manhattan':
      return query.reduce((sum, value, index) => sum + Math.abs(value - stored[index]!), 0);
  }
}

const smallerIsBetter = (distance: Distance) => distance === 'Euclid' || distance === 'Manhattan';

function sortScored(scored: Scored[], ascending = false): Scored[] {
  return scored.sort((a, b) => (ascending ? a.score - b.score : b.score - a.score) || compareIds(a.point.id, b.point.id));
}

/** Distribution-based normalisation: mean ± 3 sample standard deviations map to 0 and 1. */
function dbsfNormalise(list: Scored[]): Scored[] {
  if (list.length < 2) return list.map((item) => ({ ...item, score: 0.5 }));
  const mean = list.reduce((sum, item) => sum + item.score, 0) / list.length;
  const variance = list.reduce((sum, item) => sum + (item.score - mean) ** 2, 0) / (list.length - 1);
  const low = mean - 3 * Math.sqrt(variance);
  const high = mean + 3 * Math.sqrt(variance);
  if (high === low) return list.map((item) => ({ ...item, score: 0.5 }));
  return list.map((item) => ({ ...item, score: (item.score - low) / (high - low) }));
}

/** Sums each point's scores over the lists, best first (both fusions aggregate this way). */
function sumScores(lists: Scored[][]): Scored[] {
  const fused = new Map<StoredPoint, number>();
  for (const item of lists.flat()) fused.set(item.point, (fused.get(item.point) ?? 0) + item.score);
  return sortScored([...fused].map(([point, score]) => ({ point, score })));
}

/** Qdrant's RRF: a point at 0-based `position` gets 1 / ((position + 1) / weight + k - 1); k = 2 unless given. */
function rrf(lists: Scored[][], k: number, weights: number[] | null): Scored[] {
  if (weights && weights.length !== lists.length) {
    throw badRequest(`Validation error: Number of weights in RRF should match number of pre-fetches: got ${weights.length}, expected ${lists.length}`);
  }
  return sumScores(
    lists.map((list, index) => {
      const weight = weights?.[index] ?? 1;
      return list.map((item, position) => ({ point: item.point, score: weight <= 0 ? 0 : 1 / ((position + 1) / weight + k - 1) }));
    }),
  );
}

export class QdrantDouble {
  readonly requests: RecordedRequest[] = [];
  /** Reported by GET /; the adapter refuses versions it does not support, and a few behaviours follow it. */
  version = '1.19.0';
  private readonly collections = new Map<string, Collection>();
  private readonly aliases = new Map<string, string>();
  /** Snapshot files by `collection/snapshot name`, for downloads. */
  private readonly snapshotFiles = new Map<string, Buffer>();
  private failure: { status: number; remaining: number } | null = null;
  private server: http.Server | null = null;
  private port = 0;
  private operationId = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    const server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening and drops open connections: clients get "connection refused" until restart(). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Sends one request as a client would; resolves with Qdrant's `result`, throws on an HTTP error. */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { result?: unknown; status?: unknown };
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(json.status)}`);
    return json.result;
  }

  /** Listens again on the same port; stored collections survive, as they would on disk. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.port);
  }

  /** Answers the next `count` requests with HTTP `status` and a Qdrant-style error body. */
  failNext(status: number, count = 1): void {
    this.failure = { status, remaining: count };
  }

  /** Whether the reported version is `major.minor` or later. */
  private atLeast(major: number, minor: number): boolean {
    const [ownMajor = 0, ownMinor = 0] = this.version.split('.').map(Number);
    return ownMajor > major || (ownMajor === major && ownMinor >= minor);
  }

  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  aliasTarget(alias: string): string | null {
    return this.aliases.get(alias) ?? null;
  }

  /** Removes a payload field and its index, as a collection written by an older Docent lacks it. */
  dropField(name: string, field: string): void {
    const collection = this.collection(name);
    collection.payloadSchema.delete(field);
    for (const point of collection.points.values()) delete point.payload[field];
  }

  /** What GET /collections/{name} answers, for assertions on the stored layout. */
  collectionInfo(name: string): JsonObject {
    return this.describe(this.collection(name));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://double');
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [...listOf(existing), value];
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    // A snapshot upload is multipart, not JSON; it reaches the route as the uploaded file.
    const upload = /^multipart\/form-data/.test(request.headers['content-type'] ?? '') ? multipartFile(bytes, request.headers['content-type']!) : null;
    const raw = upload ? '' : bytes.toString('utf8');
    const acceptEncoding = request.headers['accept-encoding'];
    const record: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query, body: undefined, acceptEncoding };
    this.requests.push(record);
    // As Qdrant's REST server (actix-web's compression) does: every answer, snapshots too, gzipped and chunked for a
    // client that accepts gzip, else whole with its length.
    const send = (status: number, type: string, bytes: Buffer) => {
      if (/\bgzip\b/.test(acceptEncoding ?? '')) {
        response.writeHead(status, { 'content-type': type, 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' });
        response.end(zlib.gzipSync(bytes));
      } else {
        response.writeHead(status, { 'content-type': type, 'content-length': bytes.length });
        response.end(bytes);
      }
    };
    const reply = (status: number, body: Json) => {
      record.response = { status, body };
      send(status, 'application/json', Buffer.from(JSON.stringify(body)));
    };
    const time = () => (performance.now() - started) / 1000;
    try {
      record.body = raw ? (JSON.parse(raw) as Json) : undefined;
    } catch (error) {
      reply(400, { status: { error: `Format error in JSON body: ${(error as Error).message}` }, time: time() });
      return;
    }
    if (this.failure && this.failure.remaining > 0) {
      this.failure.remaining -= 1;
      const { status } = this.failure;
      if (this.failure.remaining === 0) this.failure = null;
      reply(status, { status: { error: `Service internal error: injected failure (HTTP ${status})` }, time: time() });
      return;
    }
    try {
      const result = this.route(record.method, url.pathname.split('/').filter(Boolean).map(decodeURIComponent), upload ?? record.body, query);
      if (Buffer.isBuffer(result.value)) {
        // A snapshot download: the file itself.
        record.response = { status: 200, body: `<${result.value.length} bytes>` };
        send(200, 'application/octet-stream', result.value);
        return;
      }
      // GET / is the one endpoint that is not wrapped in {result, status, time}.
      reply(200, result.bare ? result.value : { result: result.value, status: 'ok', time: time() });
    } catch (error) {
      const status = error instanceof QdrantDoubleError ? error.status : 500;
      reply(status, { status: { error: error instanceof Error ? error.message : String(error) }, time: time() });
    }
  }

  private route(method: string, segments: string[], body: Json, query: Record<string, string | string[]>): { value: Json; bare?: boolean } {
    const input = isObject(body) ? body : {};
    const wait = query.wait === 'true';
    const [first, name] = segments;
    const route = `${method} /${segments.map((segment, index) => (first === 'collections' && index === 1 && name !== 'aliases' ? '{name}' : segment)).join('/')}`;
    if (first === 'collections' && segments.length === 4 && segments[2] === 'snapshots' && segments[3] !== 'upload') {
      const key = `${method === 'GET' ? this.collection(name!).name : name}/${segments[3]}`;
      const file = this.snapshotFiles.get(key);
      if (!file || !['GET', 'DELETE'].includes(method)) throw notFound(`Not found: Snapshot ${segments[3]} not found`);
      if (method === 'DELETE') this.snapshotFiles.delete(key);
      return { value: method === 'GET' ? file : true };
    }
    switch (route) {
      case 'GET /':
        return { value: { title: 'qdrant - vector search engine', version: this.version, commit: 'qdrant-double' }, bare: true };
      case 'GET /aliases':
        return { value: { aliases: [...this.aliases].map(([alias_name, collection_name]) => ({ alias_name, collection_name })) } };
      case 'POST /collections/aliases':
        return { value: this.updateAliases(input) };
      case 'GET /collections/{name}/exists':
        return { value: { exists: this.resolve(name!) !== null } };
      case 'GET /collections/{name}':
        return { value: this.describe(this.collection(name!)) };
      case 'PUT /collections/{name}':
        return { value: this.createCollection(name!, input) };
      case 'PATCH /collections/{name}':
        return { value: this.updateCollection(this.collection(name!), input) };
      case 'DELETE /collections/{name}':
        return { value: this.deleteCollection(name!) };
      case 'GET /collections/{name}/aliases': {
        const target = this.collection(name!).name;
        return {
          value: {
            aliases: [...this.aliases]
              .filter(([, collection]) => collection === target)
              .map(([alias_name, collection_name]) => ({ alias_name, collection_name })),
          },
        };
      }
      case 'PUT /collections/{name}/index':
        return { value: this.createIndex(this.collection(name!), input, wait) };
      case 'POST /collections/{name}/snapshots':
        return { value: this.createSnapshot(this.collection(name!)) };
      case 'GET /collections/{name}/snapshots': {
        const prefix = `${this.collection(name!).name}/`;
        return {
          value: [...this.snapshotFiles]
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, file]) => ({ name: key.slice(prefix.length), creation_time: '2026-01-01T00:00:00', size: file.length, checksum: 'f'.repeat(64) })),
        };
      }
      case 'POST /collections/{name}/snapshots/upload':
        return { value: this.recoverSnapshot(name!, body) };
      case 'PUT /collections/{name}/points':
        return { value: this.applyOperations(this.collection(name!), [{ upsert: input }], wait)[0] };
      case 'POST /collections/{name}/points':
        return { value: this.retrieve(this.collection(name!), input) };
      case 'POST /collections/{name}/points/batch':
        return { value: this.applyOperations(this.collection(name!), listOf<Json>(input.operations), wait) };
      case 'POST /collections/{name}/points/delete':
        return { value: this.applyOperations(this.collection(name!), [{ delete: input }], wait)[0] };
      case 'POST /collections/{name}/points/scroll':
        return { value: this.scroll(this.collection(name!), input) };
      case 'POST /collections/{name}/points/count':
        return { value: { count: this.select(this.collection(name!), input.filter).length } };
      case 'POST /collections/{name}/points/query':
        return { value: { points: this.queryResponse(this.collection(name!), input) } };
      case 'POST /collections/{name}/points/query/batch': {
        const collection = this.collection(name!);
        return { value: listOf(input.searches).map((search) => ({ points: this.queryResponse(collection, isObject(search) ? search : {}) })) };
      }
      default:
        throw new QdrantDoubleError(404, `QdrantDouble: no route for ${method} /${segments.join('/')}`);
    }
  }

  // ---- collections -------------------------------------------------------------------------

  private resolve(name: string): Collection | null {
    return this.collections.get(name) ?? this.collections.get(this.aliases.get(name) ?? '') ?? null;
  }

  private collection(name: string): Collection {
    const found = this.resolve(name);
    if (!found) throw notFound(`Not found: Collection \`${name}\` doesn't exist!`);
    return found;
  }

  private createCollection(name: string, input: JsonObject): boolean {
    if (this.collections.has(name) || this.aliases.has(name)) throw new QdrantDoubleError(409, `Wrong input: Collection \`${name}\` already exists!`);
    const vectors = new Map<string, DenseConfig>();
    const parseDense = (config: unknown, vectorName: string): DenseConfig => {
      if (!isObject(config) || typeof config.size !== 'number' || !['Cosine', 'Dot', 'Euclid', 'Manhattan'].includes(String(config.distance))) {
        throw badRequest(`Format error in JSON body: invalid vector params for "${vectorName}"`);
      }
      return { size: config.size, distance: config.distance as Distance };
    };
    const unnamed = isObject(input.vectors) && 'size' in input.vectors;
    if (unnamed) vectors.set('', parseDense(input.vectors, ''));
    else if (isObject(input.vectors)) for (const [vectorName, config] of Object.entries(input.vectors)) vectors.set(vectorName, parseDense(config, vectorName));
    const sparse = new Map<string, { modifier: 'none' | 'idf' }>();
    if (isObject(input.sparse_vectors)) {
      for (const [vectorName, config] of Object.entries(input.sparse_vectors)) {
        if (vectors.has(vectorName)) throw badRequest(`Wrong input: vector name "${vectorName}" is used by both a dense and a sparse vector`);
        sparse.set(vectorName, { modifier: isObject(config) && config.modifier === 'idf' ? 'idf' : 'none' });
      }
    }
    this.collections.set(name, {
      name,
      vectors,
      unnamed,
      sparse,
      shardNumber: typeof input.shard_number === 'number' ? input.shard_number : 1,
      replicationFactor: typeof input.replication_factor === 'number' ? input.replication_factor : 1,
      // Collection metadata is new in 1.16; older servers ignore the unknown field.
      metadata: this.atLeast(1, 16) && isObject(input.metadata) ? clone(input.metadata) : null,
      payloadSchema: new Map(),
      points: new Map(),
      snapshots: 0,
    });
    return true;
  }

  /** PATCH merges metadata key by key; a null value removes the key. */
  private updateCollection(collection: Collection, input: JsonObject): boolean {
    if (this.atLeast(1, 16) && isObject(input.metadata)) {
      const merged: JsonObject = { ...(collection.metadata ?? {}) };
      for (const [key, value] of Object.entries(input.metadata)) {
        if (value === null) delete merged[key];
        else merged[key] = clone(value);
      }
      collection.metadata = merged;
    }
    return true;
  }

  private deleteCollection(name: string): boolean {
    const existed = this.collections.delete(name);
    for (const [alias, target] of this.aliases) if (target === name) this.aliases.delete(alias);
    return existed;
  }

  private describe(collection: Collection): JsonObject {
    const vectors = collection.unnamed
      ? { ...collection.vectors.get('')! }
      : Object.fromEntries([...collection.vectors].map(([vectorName, config]) => [vectorName, { ...config }]));
    return {
      status: 'green',
      optimizer_status: 'ok',
      indexed_vectors_count: 0,
      points_count: collection.points.size,
      segments_count: 1,
      config: {
        params: {
          vectors,
          shard_number: collection.shardNumber,
          replication_factor: collection.replicationFactor,
          write_consistency_factor: 1,
          on_disk_payload: true,
          ...(collection.sparse.size
            ? { sparse_vectors: Object.fromEntries([...collection.sparse].map(([vectorName, config]) => [vectorName, { modifier: config.modifier }])) }
            : {}),
        },
        hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000, max_indexing_threads: 0, on_disk: false },
        optimizer_config: {
          deleted_threshold: 0.2,
          vacuum_min_vector_number: 1000,
          default_segment_number: 0,
          max_segment_size: null,
          indexing_threshold: 10000,
          flush_interval_sec: 5,
          max_optimization_threads: null,
        },
        wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0, wal_retain_closed: 1 },
        quantization_config: null,
        ...(collection.metadata && this.atLeast(1, 16) ? { metadata: clone(collection.metadata) } : {}),
      },
      payload_schema: Object.fromEntries(
        [...collection.payloadSchema].map(([field, index]) => [
          field,
          {
            data_type: index.data_type,
            ...(index.params ? { params: clone(index.params) } : {}),
            points: [...collection.points.values()].filter((point) => payloadValues(point.payload, field).length > 0).length,
          },
        ]),
      ),
    };
  }

  private createIndex(collection: Collection, input: JsonObject, wait: boolean): JsonObject {
    if (typeof input.field_name !== 'string') throw badRequest('Format error in JSON body: missing field `field_name`');
    const schema = input.field_schema;
    const dataType = typeof schema === 'string' ? schema : isObject(schema) && typeof schema.type === 'string' ? schema.type : null;
    if (!dataType) throw badRequest('Wrong input: field_schema is required to create an index');
    if (isObject(schema) && schema.prefix === true && dataType !== 'keyword')
      throw badRequest('Wrong input: prefix matching is only available for keyword indexes');
    collection.payloadSchema.set(input.field_name, { data_type: dataType, params: isObject(schema) ? clone(schema) : null });
    return this.updateResult(wait);
  }

  /** A snapshot file: the whole collection (its layout, metadata, indexes and points with their vectors). */
  private createSnapshot(collection: Collection): JsonObject {
    collection.snapshots += 1;
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, '');
    const state = {
      ...collection,
      vectors: [...collection.vectors],
      sparse: [...collection.sparse],
      payloadSchema: [...collection.payloadSchema],
      points: [...collection.points].map(([key, point]) => [key, { ...point, dense: [...point.dense], sparse: [...point.sparse] }]),
    };
    const file = Buffer.from(`${' '.repeat(1024)}${JSON.stringify(state)}`);
    const size = file.length;
    const name = `${collection.name}-${collection.snapshots}-${stamp.replace(/[:T]/g, '-')}.snapshot`;
    this.snapshotFiles.set(`${collection.name}/${name}`, file);
    return {
      name,
      creation_time: stamp,
      size,
      checksum: 'f'.repeat(64),
    };
  }

  /**
   * Recovers a collection from an uploaded snapshot, replacing one of that name. Like Qdrant, the
   * uploaded file stays among the collection's snapshots until deleted.
   */
  private recoverSnapshot(name: string, upload: Json): boolean {
    if (!isObject(upload) || !Buffer.isBuffer(upload.file)) throw badRequest('Format error in multipart body: missing field `snapshot`');
    let state: JsonObject;
    try {
      state = JSON.parse(upload.file.toString('utf8').trim()) as JsonObject;
    } catch {
      throw badRequest('Wrong input: the uploaded file is not a snapshot of this double');
    }
    const points = (state.points as [string, JsonObject][]).map(
      ([key, point]) => [key, { ...point, dense: new Map(point.dense as []), sparse: new Map(point.sparse as []) } as unknown as StoredPoint] as const,
    );
    this.collections.set(name, {
      ...(state as unknown as Collection),
      name,
      vectors: new Map(state.vectors as []),
      sparse: new Map(state.sparse as []),
      payloadSchema: new Map(state.payloadSchema as []),
      points: new Map(points),
    });
    this.snapshotFiles.set(`${name}/${String(upload.filename)}`, upload.file);
    return true;
  }

  /**
   * Like Qdrant (1.12 to 1.19), actions apply one after another under one lock: readers never see
   * a half-done switch, but a failing action leaves the ones before it applied. Deleting an alias
   * that does not exist is no error, and creating one that exists points it elsewhere.
   */
  private updateAliases(input: JsonObject): boolean {
    for (const action of listOf(input.actions)) {
      if (!isObject(action)) throw badRequest('Format error in JSON body: alias action must be an object');
      if (isObject(action.delete_alias)) {
        this.aliases.delete(String(action.delete_alias.alias_name));
      } else if (isObject(action.create_alias)) {
        const alias = String(action.create_alias.alias_name);
        const target = String(action.create_alias.collection_name);
        if (!this.collections.has(target)) throw notFound(`Not found: Collection \`${target}\` doesn't exist!`);
        if (this.collections.has(alias)) throw new QdrantDoubleError(409, `Wrong input: Collection \`${alias}\` already exists!`);
        this.aliases.set(alias, target);
      } else if (isObject(action.rename_alias)) {
        const from = String(action.rename_alias.old_alias_name);
        const to = String(action.rename_alias.new_alias_name);
        const target = this.aliases.get(from);
        if (target === undefined) throw notFound(`Not found: Alias ${from} does not exists!`);
        this.aliases.delete(from);
        this.aliases.set(to, target);
      } else {
        throw badRequest(`Format error in JSON body: unknown alias action ${JSON.stringify(action)}`);
      }
    }
    return true;
  }

  // ---- points: writes ----------------------------------------------------------------------

  private updateResult(wait: boolean): JsonObject {
    this.operationId += 1;
    return { operation_id: this.operationId, status: wait ? 'completed' : 'acknowledged' };
  }

  /** Like Qdrant, a batch applies its operations in order; a failing one leaves earlier ones applied. */
  private applyOperations(collection: Collection, operations: Json[], wait: boolean): JsonObject[] {
    return operations.map((operation) => {
      if (!isObject(operation)) throw badRequest('Format error in JSON body: operation must be an object');
      const [kind, ...rest] = Object.keys(operation);
      if (!kind || rest.length) throw badRequest(`Format error in JSON body: expected exactly one operation, got ${JSON.stringify(Object.keys(operation))}`);
      const argument = operation[kind];
      const input = isObject(argument) ? argument : {};
      const result = this.updateResult(wait);
      const version = result.operation_id as number;
      switch (kind) {
        case 'upsert':
          this.upsert(collection, input, version);
          break;
        case 'delete':
          for (const point of this.selectPoints(collection, input)) collection.points.delete(parsePointId(point.id).key);
          break;
        case 'overwrite_payload':
        case 'set_payload':
          if (input.key !== undefined && input.key !== null) throw unsupported('set_payload with `key`');
          if (!isObject(input.payload)) throw badRequest('Format error in JSON body: missing field `payload`');
          if (Array.isArray(input.points)) {
            // Unlike deletes, payload updates by id insist that every point exists.
            const missing = input.points.find((raw) => !collection.points.has(parsePointId(raw).key));
            if (missing !== undefined) throw notFound(`Not found: No point with id ${String(missing)} found`);
          }
          for (const point of this.selectPoints(collection, input)) {
            point.payload = kind === 'overwrite_payload' ? clone(input.payload) : { ...point.payload, ...clone(input.payload) };
            point.version = version;
          }
          break;
        default:
          throw unsupported(`the batch operation "${kind}"`);
      }
      return result;
    });
  }

  /** Points named by `points: [ids]` (missing ones ignored) or matched by `filter`. */
  private selectPoints(collection: Collection, input: JsonObject): StoredPoint[] {
    if (Array.isArray(input.points)) {
      return input.points.map((raw) => collection.points.get(parsePointId(raw).key)).filter((point): point is StoredPoint => point !== undefined);
    }
    if (isObject(input.filter)) return this.select(collection, input.filter);
    throw badRequest('Format error in JSON body: expected `points` or `filter`');
  }

  private upsert(collection: Collection, input: JsonObject, version: number): void {
    if (!Array.isArray(input.points)) throw unsupported('upserts in batch (columnar) form');
    // Validate every point before storing any, as Qdrant rejects the whole request on bad input.
    const parsed = input.points.map((raw, position) => this.parsePoint(collection, raw, position, version));
    for (const point of parsed) collection.points.set(parsePointId(point.id).key, point);
  }

  private parsePoint(collection: Collection, raw: unknown, position: number, version: number): StoredPoint {
    if (!isObject(raw)) throw badRequest(`Format error in JSON body: points[${position}] must be an object`);
    const { id } = parsePointId(raw.id);
    const point: StoredPoint = { id, dense: new Map(), sparse: new Map(), payload: isObject(raw.payload) ? clone(raw.payload) : {}, version };
    const vectors: JsonObject = Array.isArray(raw.vector) ? { '': raw.vector } : isObject(raw.vector) ? raw.vector : {};
    for (const [vectorName, value] of Object.entries(vectors)) {
      const dense = collection.vectors.get(vectorName);
      if (dense) {
        point.dense.set(vectorName, this.parseDense(dense, value, vectorName, true));
      } else if (collection.sparse.has(vectorName)) {
        point.sparse.set(vectorName, parseSparse(value, `points[${position}].vector.${vectorName}`));
      } else {
        throw badRequest(`Wrong input: Not existing vector name error: ${vectorName}`);
      }
    }
    return point;
  }

  private parseDense(config: DenseConfig, value: unknown, vectorName: string, stored = false): number[] {
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
      throw badRequest(`Format error in JSON body: vector "${vectorName}" must be a list of numbers`);
    }
    if (value.length !== config.size) {
      // Only a point's vector names itself in the message; a query's does not.
      throw badRequest(`Wrong input: Vector dimension error: expected dim: ${config.size}, got ${value.length}${stored ? ` for vector '${vectorName}'` : ''}`);
    }
    const vector = value as number[];
    // Qdrant stores cosine vectors normalised, so stored vectors come back with unit length.
    // Stored as float32, like Qdrant's vector storage.
    if (config.distance !== 'Cosine') return Array.from(Float32Array.from(vector));
    const length = norm(vector);
    return Array.from(Float32Array.from(length > F32_EPSILON ? vector.map((item) => item / length) : vector));
  }

  // ---- points: reads -----------------------------------------------------------------------

  private select(collection: Collection, filter: unknown): StoredPoint[] {
    const all = [...collection.points.values()].sort((a, b) => compareIds(a.id, b.id));
    if (filter === undefined || filter === null) return all;
    if (!isObject(filter)) throw badRequest('Format error in JSON body: filter must be an object');
    return all.filter((point) => matchesFilter(point, filter));
  }

  private renderPoint(collection: Collection, point: StoredPoint, withPayload: unknown, withVector: unknown): JsonObject {
    const out: JsonObject = { id: point.id };
    const payload = selectPayload(point.payload, withPayload);
    if (payload !== undefined) out.payload = payload;
    const names = withVector === true ? [...collection.vectors.keys(), ...collection.sparse.keys()] : Array.isArray(withVector) ? withVector.map(String) : [];
    if (names.length) {
      if (collection.unnamed && withVector === true && point.dense.has('') && collection.sparse.size === 0) {
        out.vector = [...point.dense.get('')!];
      } else {
        const vectors: JsonObject = {};
        for (const vectorName of names) {
          const dense = point.dense.get(vectorName);
          const sparse = point.sparse.get(vectorName);
          if (dense) vectors[vectorName] = [...dense];
          else if (sparse) vectors[vectorName] = clone(sparse);
        }
        out.vector = vectors;
      }
    }
    return out;
  }

  private retrieve(collection: Collection, input: JsonObject): JsonObject[] {
    if (!Array.isArray(input.ids)) throw badRequest('Format error in JSON body: missing field `ids`');
    const seen = new Set<string>();
    const out: JsonObject[] = [];
    for (const raw of input.ids) {
      const { key } = parsePointId(raw);
      const point = collection.points.get(key);
      if (!point || seen.has(key)) continue;
      seen.add(key);
      out.push(this.renderPoint(collection, point, input.with_payload ?? true, input.with_vector ?? false));
    }
    return out;
  }

  private scroll(collection: Collection, input: JsonObject): JsonObject {
    if (input.order_by !== undefined && input.order_by !== null) throw unsupported('scroll with order_by');
    const limit = limitOf(input, 'scroll_request.limit');
    let points = this.select(collection, input.filter);
    if (input.offset !== undefined && input.offset !== null) {
      const start = parsePointId(input.offset).id;
      points = points.filter((point) => compareIds(point.id, start) >= 0);
    }
    const page = points.slice(0, limit);
    return {
      points: page.map((point) => this.renderPoint(collection, point, input.with_payload ?? true, input.with_vector ?? false)),
      next_page_offset: points.length > limit ? points[limit]!.id : null,
    };
  }

  private queryResponse(collection: Collection, input: JsonObject): JsonObject[] {
    const offset = typeof input.offset === 'number' ? input.offset : 0;
    const limit = limitOf(input, 'internal.limit');
    const ranked = this.runQuery(collection, input, null, limit + offset).slice(offset, offset + limit);
    return ranked.map(({ point, score }) => ({
      ...this.renderPoint(collection, point, input.with_payload ?? false, input.with_vector ?? false),
      version: point.version,
      score,
    }));
  }

  /**
   * One query level: prefetches run first (each limited, default 10) and the query then ranks
   * their union; without prefetches it ranks every point that passes the filter. A filter on
   * an outer level also restricts the prefetches below it, as in Qdrant.
   */
  private runQuery(collection: Collection, input: JsonObject, scope: StoredPoint[] | null, limit: number): Scored[] {
    const candidates = (scope ?? this.select(collection, undefined)).filter((point) => !isObject(input.filter) || matchesFilter(point, input.filter));
    const prefetches = listOf(input.prefetch as JsonObject | JsonObject[] | null | undefined);
    let lists: Scored[][] | null = null;
    let pool = candidates;
    if (prefetches.length) {
      lists = prefetches.map((prefetch) => {
        if (!isObject(prefetch)) throw badRequest('Format error in JSON body: prefetch must be an object');
        return this.runQuery(collection, prefetch, candidates, limitOf(prefetch, 'prefetch.limit'));
      });
      pool = [...new Set(lists.flat().map((item) => item.point))];
    }
    const query = input.query;
    let ranked: Scored[];
    if (query === undefined || query === null) {
      if (lists) throw unsupported('prefetch without a query to combine the results');
      ranked = pool.map((point) => ({ point, score: 0 }));
    } else if (isObject(query) && 'fusion' in query) {
      if (!lists) throw badRequest('Wrong input: Fusion queries need prefetches');
      if (query.fusion === 'dbsf') ranked = sumScores(lists.map(dbsfNormalise));
      else if (query.fusion === 'rrf') ranked = rrf(lists, 2, null);
      else throw badRequest(`Format error in JSON body: unknown fusion ${JSON.stringify(query.fusion)}`);
    } else if (isObject(query) && 'rrf' in query) {
      if (!lists) throw badRequest('Wrong input: RRF queries need prefetches');
      const parameters = isObject(query.rrf) ? query.rrf : {};
      ranked = rrf(lists, typeof parameters.k === 'number' ? parameters.k : 2, Array.isArray(parameters.weights) ? (parameters.weights as number[]) : null);
    } else {
      ranked = this.nearest(
        collection,
        isObject(query) && 'nearest' in query ? nearestInput(query) : query,
        typeof input.using === 'string' ? input.using : '',
        pool,
      );
    }
    if (typeof input.score_threshold === 'number') {
      const threshold = input.score_threshold;
      ranked = ranked.filter((item) => item.score >= threshold);
    }
    return ranked.slice(0, limit);
  }

  private nearest(collection: Collection, query: unknown, using: string, pool: StoredPoint[]): Scored[] {
    if (Array.isArray(query) && query.every((item) => typeof item === 'number')) {
      const config = collection.vectors.get(using);
      if (!config) throw badRequest(`Wrong input: Not existing vector name error: ${using}`);
      const vector = this.parseDense(config, query, using);
      const scored = pool
        .filter((point) => point.dense.has(using))
        .map((point) => ({ point, score: denseScore(config.distance, vector, point.dense.get(using)!) }));
      return sortScored(scored, smallerIsBetter(config.distance));
    }
    if (isObject(query) && 'indices' in query) {
      const config = collection.sparse.get(using);
      if (!config) throw badRequest(`Wrong input: Not existing vector name error: ${using}`);
      const sparse = parseSparse(query, 'query');
      const weights = config.modifier === 'idf' ? idfWeights(collection, using, sparse, !this.atLeast(1, 15)) : sparse.values;
      const scored: Scored[] = [];
      for (const point of pool) {
        const stored = point.sparse.get(using);
        if (!stored) continue;
        let score = 0;
        let overlap = false;
        sparse.indices.forEach((index, position) => {
          const at = stored.indices.indexOf(index);
          if (at >= 0) {
            overlap = true;
            score += weights[position]! * stored.values[at]!;
          }
        });
        // Sparse search only returns points sharing at least one dimension with the query.
        if (overlap) scored.push({ point, score });
      }
      return sortScored(scored);
    }
    throw unsupported(`this query form: ${JSON.stringify(query).slice(0, 80)}`);
  }
}

/** A request's `limit` (10 when absent); Qdrant refuses 0 as a validation error. */
function limitOf(input: JsonObject, where: string): number {
  if (typeof input.limit !== 'number') return 10;
  if (input.limit < 1) throw invalid(`${where}: value ${input.limit} invalid, must be 1 or larger`);
  return input.limit;
}

/** The file field of a multipart form (the one part a snapshot upload sends) and its file name. */
function multipartFile(body: Buffer, contentType: string): { file: Buffer; filename: string } | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return null;
  const text = body.toString('latin1');
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  for (const part of text.split(delimiter)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    const filename = /filename="([^"]*)"/.exec(part.slice(0, headerEnd));
    if (headerEnd < 0 || !filename) continue;
    return { file: Buffer.from(part.slice(headerEnd + 4, part.lastIndexOf('\r\n')), 'latin1'), filename: filename[1]! };
  }
  return null;
}

function nearestInput(query: JsonObject): unknown {
  if (query.mmr !== undefined && query.mmr !== null) throw unsupported('MMR reranking');
  return query.nearest;
}

function parseSparse(value: unknown, where: string): SparseVector {
  if (!isObject(value) || !Array.isArray(value.indices) || !Array.isArray(value.values)) {
    throw badRequest(`Format error in JSON body: ${where} must be a sparse vector {indices, values}`);
  }
  const { indices, values } = value as { indices: unknown[]; values: unknown[] };
  if (!indices.every((index) => typeof index === 'number' && Number.isInteger(index) && index >= 0 && index <= 0xffff_ffff)) {
    throw badRequest(`Format error in JSON body: ${where}.indices must be unsigned 32-bit integers`);
  }
  if (!values.every((item) => typeof item === 'number' && Number.isFinite(item)))
    throw badRequest(`Format error in JSON body: ${where}.values must be numbers`);
  if (indices.length !== values.length) throw invalid(`${where}.values: Validation error: must be the same length as indices [{}]`);
  if (new Set(indices).size !== indices.length) throw invalid(`${where}.indices: Validation error: must be unique [{}]`);
  const order = indices.map((_, position) => position).sort((a, b) => (indices[a] as number) - (indices[b] as number));
  return { indices: order.map((position) => indices[position] as number), values: order.map((position) => values[position] as number) };
}

/**
 * Qdrant's IDF modifier: idf = ln((N - n + 0.5) / (n + 0.5) + 1), n the points holding the
 * dimension. N counts the points with a non-empty vector of that name from 1.15 on; before, every
 * point of the collection, with or without the vector.
 */
function idfWeights(collection: Collection, using: string, query: SparseVector, countAllPoints: boolean): number[] {
  const vectors = [...collection.points.values()].map((point) => point.sparse.get(using)).filter((vector): vector is SparseVector => vector !== undefined);
  const total = countAllPoints ? collection.points.size : vectors.filter((vector) => vector.indices.length > 0).length;
  return query.indices.map((index, position) => {
    const containing = vectors.filter((vector) => vector.indices.includes(index)).length;
    return query.values[position]! * Math.log((total - containing + 0.5) / (containing + 0.5) + 1);
  });
}

function selectPayload(payload: JsonObject, selector: unknown): JsonObject | undefined {
  if (selector === false || selector === null || selector === undefined) return undefined;
  if (selector === true) return clone(payload);
  const pick = (keys: string[]) =>
    Object.fromEntries(
      Object.entries(payload)
        .filter(([key]) => keys.includes(key))
        .map(([key, value]) => [key, clone(value)]),
    );
  if (Array.isArray(selector)) return pick(selector.map(String));
  if (isObject(selector) && Array.isArray(selector.include)) return pick(selector.include.map(String));
  if (isObject(selector) && Array.isArray(selector.exclude)) {
    const excluded = selector.exclude.map(String);
    return Object.fromEntries(
      Object.entries(payload)
        .filter(([key]) => !excluded.includes(key))
        .map(([key, value]) => [key, clone(value)]),
    );
  }
  throw badRequest(`Format error in JSON body: invalid with_payload ${JSON.stringify(selector)}`);
}

function matchesFilter(point: StoredPoint, filter: JsonObject): boolean {
  const unknown = Object.keys(filter).filter((key) => !['must', 'should', 'must_not', 'min_should'].includes(key));
  if (unknown.length)
    throw badRequest(
      `Format error in JSON body: unknown field \`${unknown[0]}\` in filter, expected one of \`should\`, \`min_should\`, \`must\`, \`must_not\``,
    );
  const must = listOf(filter.must);
  const should = listOf(filter.should);
  const mustNot = listOf(filter.must_not);
  if (!must.every((condition) => matchesCondition(point, condition))) return false;
  if (should.length && !should.some((condition) => matchesCondition(point, condition))) return false;
  if (mustNot.some((condition) => matchesCondition(point, condition))) return false;
  if (isObject(filter.min_should)) {
    const conditions = listOf(filter.min_should.conditions);
    const needed = Number(filter.min_should.min_count);
    if (conditions.filter((condition) => matchesCondition(point, condition)).length < needed) return false;
  }
  return true;
}

/** The ids of a `has_id` condition, parsed once per request rather than once per point. */
const hasIdKeys = new WeakMap<JsonObject, Set<string>>();

function matchesCondition(point: StoredPoint, condition: unknown): boolean {
  if (!isObject(condition)) throw badRequest('Format error in JSON body: condition must be an object');
  if ('has_id' in condition) {
    let keys = hasIdKeys.get(condition);
    if (!keys) hasIdKeys.set(condition, (keys = new Set(listOf(condition.has_id).map((raw) => parsePointId(raw).key))));
    return keys.has(parsePointId(point.id).key);
  }
  if ('has_vector' in condition) return point.dense.has(String(condition.has_vector)) || point.sparse.has(String(condition.has_vector));
  if ('must' in condition || 'should' in condition || 'must_not' in condition || 'min_should' in condition) return matchesFilter(point, condition);
  if (isObject(condition.is_empty)) return payloadValues(point.payload, String(condition.is_empty.key)).length === 0;
  if (isObject(condition.is_null)) return payloadValues(point.payload, String(condition.is_null.key)).some((value) => value === null);
  if (typeof condition.key !== 'string') throw unsupported(`the condition ${JSON.stringify(condition).slice(0, 80)}`);
  const values = payloadValues(point.payload, condition.key);
  if (isObject(condition.match)) return matchesMatch(values, condition.match);
  if (isObject(condition.range)) return matchesRange(values, condition.range);
  if (condition.is_empty === true) return values.length === 0;
  if (condition.is_null === true) return values.some((value) => value === null);
  throw unsupported(`the field condition ${JSON.stringify(condition).slice(0, 80)}`);
}

function matchesMatch(values: unknown[], match: JsonObject): boolean {
  if ('value' in match) return values.some((value) => value === match.value);
  if ('any' in match) return values.some((value) => listOf(match.any).includes(value));
  if ('except' in match) return values.length > 0 && values.every((value) => !listOf(match.except).includes(value));
  if ('prefix' in match) return values.some((value) => typeof value === 'string' && value.startsWith(String(match.prefix)));
  if ('text' in match) return values.some((value) => typeof value === 'string' && value.includes(String(match.text)));
  throw unsupported(`the match ${JSON.stringify(match).slice(0, 80)}`);
}

function matchesRange(values: unknown[], range: JsonObject): boolean {
  return values.some((value) => {
    if (typeof value !== 'number') return false;
    if (typeof range.gt === 'number' && !(value > range.gt)) return false;
    if (typeof range.gte === 'number' && !(value >= range.gte)) return false;
    if (typeof range.lt === 'number' && !(value < range.lt)) return false;
    if (typeof range.lte === 'number' && !(value <= range.lte)) return false;
    return true;
  });
}

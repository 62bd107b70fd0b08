import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../lib/config';
import { searchChunks } from '../../lib/retrieval';
import { type Services, openServices } from '../../lib/services';
import { createPipeline } from '../../ingest/create-pipeline';
import type { JobResult } from '../../ingest/job-result';
import type { Pipeline } from '../../ingest/pipeline';
import { syncFolder } from '../../ingest/sync';
import { tempDir, testConfig } from './temp';

/** A Docent data directory plus a watched folder, with counters on every index write. */
export class PipelineHarness {
  readonly results: JobResult[] = [];
  writes = 0;
  private constructor(
    readonly config: Config,
    readonly root: string,
    public services: Services,
    public pipeline: Pipeline,
    private extractor: { close(): Promise<void> },
  ) {}

  static async create(options: { config?: Config; root?: string; inProcess?: boolean } = {}): Promise<PipelineHarness> {
    const config = options.config ?? testConfig();
    const root = options.root ?? tempDir('docent-kb-');
    const services = await openServices(config);
    const { pipeline, extractor } = createPipeline(services, { inProcess: options.inProcess ?? true });
    const harness = new PipelineHarness(config, root, services, pipeline, extractor);
    harness.instrument();
    return harness;
  }

  private instrument(): void {
    this.pipeline.on('job', (result) => this.results.push(result));
    const index = this.services.index;
    const write = index.writeDocument.bind(index);
    const remove = index.deleteDocument.bind(index);
    index.writeDocument = async (...args) => {
      this.writes += 1;
      return write(...args);
    };
    index.deleteDocument = async (...args) => {
      this.writes += 1;
      return remove(...args);
    };
  }

  get embedCalls(): number {
    return this.services.scheduler.stats.calls;
  }

  write(relativePath: string, content: string | Buffer): string {
    const file = path.join(this.root, relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  remove(relativePath: string): void {
    fs.rmSync(path.join(this.root, relativePath));
  }

  rename(from: string, to: string): void {
    fs.mkdirSync(path.dirname(path.join(this.root, to)), { recursive: true });
    fs.renameSync(path.join(this.root, from), path.join(this.root, to));
  }

  /** One-shot sync of the watched folder (or another one), waiting past the rename grace delay. */
  async sync(root = this.root) {
    const summary = await syncFolder(this.services, this.pipeline, root);
    return summary;
  }

  async search(query: string, k = 5) {
    return searchChunks(this.services, query, { k });
  }

  document(relativePath: string, root = this.root) {
    return this.services.registry.listByRoot(root).find((doc) => doc.path === relativePath) ?? null;
  }

  async chunksOf(relativePath: string, root = this.root) {
    const doc = this.document(relativePath, root);
    return doc ? this.services.index.listDocumentPoints(doc.id) : [];
  }

  /** Simulates a restart: everything closed and opened again on the same data directory. */
  async restart(config: Config = this.config): Promise<void> {
    await this.extractor.close();
    await this.services.close();
    this.services = await openServices(config);
    const { pipeline, extractor } = createPipeline(this.services, { inProcess: true });
    this.pipeline = pipeline;
    this.extractor = extractor;
    this.instrument();
  }

  async close(): Promise<void> {
    this.pipeline.stop();
    await this.extractor.close();
    await this.services.close();
  }
}

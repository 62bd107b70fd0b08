import fs from 'node:fs';
import path from 'node:path';
import { configWith } from '../../lib/config';
import { percentile } from '../../lib/status';
import { ExtractionSandbox } from '../../ingest/extract-sandbox';
import { ExtractionError } from '../../ingest/extracted-document';
import { checkQuality } from '../../ingest/gate';
import { progressBar } from '../../scripts/cli';
import { rssSampler } from '../../scripts/memory';
import { makeDocx } from '../helpers/documents';
import { random, workspace } from './workspace';

const PDFS = path.resolve('../shared/datasets/pdfs');
const HANDBOOK = path.resolve('examples/handbook');
/** Seeds larger than this are left out: they cost seconds per mutant and add no new parser paths. */
const MAX_SEED_BYTES = 1_200_000;

interface Seed {
  name: string;
  extension: '.pdf' | '.docx' | '.html';
  bytes: Buffer;
}

type Mutator = (bytes: Buffer, next: () => number, extension: Seed['extension']) => Buffer;

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;

/**
 * Mutations of real files: truncations, byte flips, copied and dropped spans, and huge declared
 * lengths (PDF /Length, /Count, xref offsets; zip size fields; HTML nesting and attributes).
 */
const MUTATORS: Record<string, Mutator> = {
  truncate: (bytes, next) => bytes.subarray(0, Math.floor(next() * bytes.length)),
  flip: (bytes, next) => {
    const copy = Buffer.from(bytes);
    const flips = 1 + Math.floor(next() * 32);
    for (let flip = 0; flip < flips; flip += 1) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    return copy;
  },
  splice: (bytes, next) => {
    const from = Math.floor(next() * bytes.length);
    const to = Math.min(bytes.length, from + Math.floor(next() * 4096));
    const at = Math.floor(next() * bytes.length);
    return next() < 0.5
      ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(from, to), bytes.subarray(at)])
      : Buffer.concat([bytes.subarray(0, from), bytes.subarray(to)]);
  },
  huge_length: (bytes, next, extension) => {
    if (extension === '.pdf') {
      const text = bytes.toString('latin1');
      const huge = pick(['2147483647', '4294967295', '99999999999999', '-1', '0'], next);
      const pattern = pick([/\/Length \d+/g, /\/Count \d+/g, /startxref\s+\d+/g, /\/N \d+/g, /\/Size \d+/g], next);
      const replaced = text.replace(pattern, (match) => (next() < 0.7 ? match.replace(/-?\d+$/, huge) : match));
      return Buffer.from(replaced, 'latin1');
    }
    if (extension === '.docx') {
      // Rewrite the size fields of central-directory records (signature PK\x01\x02).
      const copy = Buffer.from(bytes);
      for (let at = copy.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = copy.indexOf('PK\x01\x02', at + 4, 'latin1')) {
        if (next() < 0.5 && at + 28 <= copy.length) copy.writeUInt32LE(pick([0xffffffff, 0x7fffffff, 0, 1], next), at + pick([20, 24], next));
      }
      return copy;
    }
    const depth = 1000 + Math.floor(next() * 50_000);
    const bomb =
      next() < 0.5 ? `${'<div>'.repeat(depth)}deep${'</div>'.repeat(next() < 0.5 ? depth : 0)}` : `<p title="${'x'.repeat(depth * 100)}">long attribute</p>`;
    const text = bytes.toString('utf8');
    const at = text.indexOf('<body') >= 0 ? text.indexOf('>', text.indexOf('<body')) + 1 : 0;
    return Buffer.from(text.slice(0, at) + bomb + text.slice(at));
  },
};

async function loadSeeds(): Promise<Seed[]> {
  if (!fs.existsSync(PDFS)) {
    throw new Error(`The extractor fuzz test needs ../shared/datasets/pdfs (the PDF set described in ../shared/datasets/README.md); it is missing at ${PDFS}.`);
  }
  const seeds: Seed[] = [];
  for (const kind of ['born_digital', 'encrypted', 'malformed', 'scanned_ocr_layer']) {
    for (const name of fs.readdirSync(path.join(PDFS, kind)).sort()) {
      const bytes = fs.readFileSync(path.join(PDFS, kind, name));
      if (bytes.length <= MAX_SEED_BYTES && bytes.length > 0) seeds.push({ name: `${kind}/${name}`, extension: '.pdf', bytes });
    }
  }
  seeds.push({ name: 'handbook/code-of-conduct.docx', extension: '.docx', bytes: fs.readFileSync(path.join(HANDBOOK, 'code-of-conduct.docx')) });
  seeds.push({
    name: 'generated.docx',
    extension: '.docx',
    bytes: await makeDocx('Workshop rules', [
      { heading: 'Kilns', paragraphs: ['Kilns are loaded by two people wearing gloves rated to 500 degrees.', 'Log every firing in the kiln book.'] },
      { heading: 'Glass', paragraphs: ['Cut glass is stored on the lower racks only.'] },
    ]),
  });
  seeds.push({ name: 'handbook/onboarding.html', extension: '.html', bytes: fs.readFileSync(path.join(HANDBOOK, 'onboarding.html')) });
  seeds.push({
    name: 'generated.html',
    extension: '.html',
    bytes: Buffer.from(
      '<!doctype html><html><head><title>Parking</title><script>alert(1)</script><style>p{color:red}</style></head><body><nav>Menu</nav>' +
        '<main><h1>Parking permits</h1><p>Permits are issued by reception for one year.</p><table><tr><th>Zone</th><td>B</td></tr></table>' +
        '<h2>Bicycles</h2><p>Bicycles go in the covered rack behind building C.</p></main></body></html>',
    ),
  });
  return seeds;
}

export interface FuzzOptions {
  mutants: number;
  seed?: number;
  timeoutS: number;
  memoryMb: number;
  log?: (message: string) => void;
}

/**
 * Extractor fuzzing: mutants of the shared PDFs and of DOCX/HTML samples go through the sandboxed
 * extract stage and the quality gates, as the pipeline runs them. Every file must end with either
 * text that passes the gates or a quarantine reason, within the time limit, with memory bounded;
 * anything else (an unexpected error, a worker that dies for another reason) counts as a failure.
 */
export async function fuzzTest(options: FuzzOptions) {
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 20261121;
  const next = random(seed);
  const seeds = await loadSeeds();
  const space = workspace('docent-fuzz-');
  const config = configWith({
    DOCENT_DATA_DIR: space.data,
    DOCENT_EXTRACT_TIMEOUT_S: String(options.timeoutS),
    DOCENT_WORKER_MEMORY_MB: String(options.memoryMb),
  });
  const sandbox = new ExtractionSandbox({ workers: 2, timeoutMs: config.extraction.timeoutMs, memoryMb: config.extraction.workerMemoryMb });
  const outcomes: Record<string, number> = {};
  const byMutator: Record<string, Record<string, number>> = {};
  const failures: { file: string; seed: string; mutator: string; error: string }[] = [];
  const durations: number[] = [];
  const memory = rssSampler(50);
  let peakRssMb = 0;
  const bar = progressBar('Fuzzing extractors', options.mutants);
  const started = performance.now();
  let done = 0;
  log(`${seeds.length} seed files (${seeds.filter((s) => s.extension === '.pdf').length} PDFs), ${options.mutants} mutants, seed ${seed}`);

  // Made one at a time when a worker is free (holding thousands at once would weigh in the peak
  // RSS measured here), in index order so that a seed repeats its run.
  const makeMutant = (index: number) => {
    const source = seeds[index % seeds.length]!;
    const mutator = pick(Object.keys(MUTATORS), next);
    let bytes = MUTATORS[mutator]!(source.bytes, next, source.extension);
    // One in five gets a second mutation on top, where the interesting parser states are.
    if (next() < 0.2) bytes = MUTATORS[pick(Object.keys(MUTATORS), next)]!(bytes, next, source.extension);
    return { index, source, mutator, bytes };
  };

  const runOne = async (mutant: ReturnType<typeof makeMutant>) => {
    const file = path.join(space.kb, `mutant-${mutant.index}${mutant.source.extension}`);
    fs.writeFileSync(file, mutant.bytes);
    const startedOne = performance.now();
    let outcome: string;
    try {
      const document = await sandbox.extract({ file, passwords: [], maxFileBytes: config.gates.maxFileBytes, maxExpandedBytes: config.gates.maxExpandedBytes });
      const verdict = checkQuality(document, config.gates);
      outcome = verdict.pass ? 'passed_gates' : verdict.reason;
    } catch (error) {
      if (error instanceof ExtractionError) outcome = error.reason;
      else {
        outcome = 'unhandled';
        failures.push({ file: path.basename(file), seed: mutant.source.name, mutator: mutant.mutator, error: String(error) });
      }
    }
    durations.push((performance.now() - startedOne) / 1000);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    (byMutator[mutant.mutator] ??= {})[outcome] = (byMutator[mutant.mutator]![outcome] ?? 0) + 1;
    fs.rmSync(file);
    done += 1;
    bar.update(done, mutant.source.name);
    if (done % 250 === 0) log(`${done}/${options.mutants} files, ${JSON.stringify(outcomes)}`);
  };

  try {
    // Two files in flight for the two workers; the queue is drained in order so a run repeats.
    let cursor = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (cursor < options.mutants) await runOne(makeMutant(cursor++));
      }),
    );
  } finally {
    bar.stop();
    peakRssMb = memory.stop();
    await sandbox.close();
    space.remove();
  }
  const quantile = (p: number) => Math.round((percentile(durations, p) ?? 0) * 1000) / 1000;
  return {
    fault: 'fuzz',
    seed,
    seed_files: seeds.length,
    files: options.mutants,
    outcomes,
    outcomes_by_mutation: byMutator,
    unhandled: failures.length,
    failures: failures.slice(0, 20),
    extract_timeout_s: options.timeoutS,
    worker_memory_limit_mb: options.memoryMb,
    file_time_p50_s: quantile(50),
    file_time_p95_s: quantile(95),
    file_time_max_s: quantile(100),
    total_s: Math.round(performance.now() - started) / 1000,
    peak_rss_mb: peakRssMb,
  };
}

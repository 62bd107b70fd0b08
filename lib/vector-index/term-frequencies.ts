import type { statementCache } from '../db';
import type { GenerationTables } from './embedded-schema';

/** Terms held by at least this many chunks are remembered: counting them reads their whole doclist. */
const REMEMBER_FROM = 1_000;
/** A remembered count is used while the index's size is within this share of its size when counted. */
const STALE_SHARE = 0.01;
/** Past this many remembered terms the memory starts again (a term's entry is a few dozen bytes). */
const MAX_REMEMBERED = 100_000;

/** How many chunks hold each FTS term, from the FTS5 vocabulary (terms no chunk holds are absent). */
function ftsFrequencies(sql: ReturnType<typeof statementCache>, tables: GenerationTables, terms: string[]): Map<string, number> {
  const rows = sql(`select term, doc from ${tables.vocabulary} where term in (select value from json_each(?))`).all(JSON.stringify(terms)) as {
    term: string;
    doc: number;
  }[];
  return new Map(rows.map((row) => [row.term, row.doc]));
}

/**
 * Chunk frequencies of FTS terms for planning a lexical query (embedded-lexical.ts) and weighing a
 * question's words (lib/answer/evidence.ts). FTS5's vocabulary table counts a term's chunks by
 * reading its doclist, so a common term costs milliseconds: at 1,000,000 chunks a SciFact claim's
 * terms took 12 ms at the median and 27 ms at p95 to count. The counts of common terms are kept
 * while the index grows or shrinks by less than 1%. They only plan and weigh: scores come from FTS5,
 * so a count that is slightly old changes no match. Rare and unknown terms are counted every time,
 * so a new document's new words count at once.
 */
export class TermFrequencies {
  private readonly remembered = new Map<string, { doc: number; chunks: number }>();

  constructor(
    private readonly sql: ReturnType<typeof statementCache>,
    private readonly tables: GenerationTables,
  ) {}

  /** Drops every remembered count (the terms were written again). */
  forget(): void {
    this.remembered.clear();
  }

  /** The chunk frequencies of `terms` in an index of `chunks` chunks. */
  of(terms: string[], chunks: number): Map<string, number> {
    const out = new Map<string, number>();
    const counted: string[] = [];
    for (const term of terms) {
      const known = this.remembered.get(term);
      if (known && Math.abs(chunks - known.chunks) <= STALE_SHARE * known.chunks) out.set(term, known.doc);
      else counted.push(term);
    }
    if (counted.length === 0) return out;
    for (const [term, doc] of ftsFrequencies(this.sql, this.tables, counted)) {
      out.set(term, doc);
      if (doc < REMEMBER_FROM) continue;
      if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
      this.remembered.set(term, { doc, chunks });
    }
    return out;
  }
}

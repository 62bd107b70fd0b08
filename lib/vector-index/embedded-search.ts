import type { Db } from '../db';
import { ftsTerm } from '../text/tokenize';
import { filterSql, hasFilter } from './embedded-filter';
import { type ChunkRow, type GenerationTables, rowToStored, toBlob } from './embedded-schema';
import { type SignalCandidates, type SignalSource, rankCandidates } from './fusion';
import type { HybridQuery, ScoredPoint } from './types';

export interface LexicalWeights {
  /** BM25 column weights; the body column weighs 1. */
  titleWeight: number;
  headingWeight: number;
}

/** The embedded side of hybrid ranking: FTS5's BM25 and sqlite-vec's exact cosine, keyed by rowid. */
class EmbeddedSignals implements SignalSource {
  constructor(
    private readonly db: Db,
    private readonly tables: GenerationTables,
    private readonly weights: LexicalWeights,
  ) {}

  async candidates(query: HybridQuery, wanted: { lexical: boolean; dense: boolean }): Promise<SignalCandidates> {
    return {
      lexical: wanted.lexical ? this.lexical(query) : new Map<string, number>(),
      dense: wanted.dense && query.vector ? this.dense(query, query.vector) : new Map<string, number>(),
    };
  }

  private lexical(query: HybridQuery): Map<string, number> {
    const { fts, chunks } = this.tables;
    const terms = [...new Set(query.terms)].map(ftsTerm);
    const out = new Map<string, number>();
    if (terms.length === 0) return out;
    const match = terms.map((term) => `"${term}"`).join(' OR ');
    const weights = `${this.weights.titleWeight}, ${this.weights.headingWeight}, 1.0`;
    const where = filterSql(query.filter, 'c');
    const rows = hasFilter(query.filter)
      ? (this.db
          .prepare(
            `select f.rowid as rowid, bm25(${fts}, ${weights}) as rank from ${fts} f join ${chunks} c on c.rowid = f.rowid
             where ${fts} match ? and ${where.sql} order by rank limit ?`,
          )
          .all(match, ...where.params, query.candidates) as { rowid: number; rank: number }[])
      : (this.db
          .prepare(`select rowid, bm25(${fts}, ${weights}) as rank from ${fts} where ${fts} match ? order by rank limit ?`)
          .all(match, query.candidates) as { rowid: number; rank: number }[]);
    // FTS5's bm25() is negative, lower being better.
    for (const row of rows) out.set(String(row.rowid), -row.rank);
    return out;
  }

  private dense(query: HybridQuery, queryVector: Float32Array): Map<string, number> {
    const { chunks, vectors } = this.tables;
    const vector = toBlob(queryVector);
    let rows: { rowid: number; distance: number }[];
    if (hasFilter(query.filter)) {
      // Exact search over the filtered subset, so a filter never hides a better match.
      const where = filterSql(query.filter, 'c');
      rows = this.db
        .prepare(
          `select c.rowid as rowid, vec_distance_cosine(v.embedding, ?) as distance from ${chunks} c join ${vectors} v on v.rowid = c.rowid
           where ${where.sql} order by distance limit ?`,
        )
        .all(vector, ...where.params, query.candidates) as { rowid: number; distance: number }[];
    } else {
      rows = this.db
        .prepare(`select rowid, distance from ${vectors} where embedding match ? and k = ? order by distance`)
        .all(vector, Math.min(query.candidates, 4096)) as { rowid: number; distance: number }[];
    }
    return new Map(rows.map((row) => [String(Number(row.rowid)), 1 - row.distance]));
  }

  async cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const select = this.db.prepare(`select vec_distance_cosine(embedding, ?) as distance from ${this.tables.vectors} where rowid = ?`);
    const blob = toBlob(vector);
    for (const id of ids) {
      const row = select.get(blob, BigInt(id)) as { distance: number } | undefined;
      if (row) out.set(id, 1 - row.distance);
    }
    return out;
  }
}

/** A hybrid, dense or lexical query over one generation's tables, ranked by `rankCandidates`. */
export async function queryTables(db: Db, tables: GenerationTables, weights: LexicalWeights, query: HybridQuery): Promise<ScoredPoint[]> {
  const fused = await rankCandidates(query, new EmbeddedSignals(db, tables, weights));
  if (fused.length === 0) return [];
  const rows = db
    .prepare(`select rowid, id, text, payload from ${tables.chunks} where rowid in (${fused.map(() => '?').join(', ')})`)
    .all(...fused.map((item) => Number(item.id))) as ChunkRow[];
  const byRowid = new Map(rows.map((row) => [String(row.rowid), row]));
  return fused.flatMap((item) => {
    const row = byRowid.get(item.id);
    return row ? [{ ...rowToStored(row), score: item.score, dense: item.dense, lexical: item.lexical }] : [];
  });
}

import type { QueryFilter } from './types';

/** A query filter as an SQL condition over the chunks table aliased `alias`, with its parameters ("1" without a filter). */
export function filterSql(filter: QueryFilter | undefined, alias: string): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: string[]) => {
    clauses.push(`${alias}.${column} in (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  // An empty list matches nothing.
  if (filter?.docIds) inList('doc_id', filter.docIds.length ? filter.docIds : ['']);
  if (filter?.roots) inList('root', filter.roots.length ? filter.roots : ['']);
  if (filter?.fileTypes) inList('file_type', filter.fileTypes.length ? filter.fileTypes : ['']);
  if (filter?.sourceTypes) inList('source_type', filter.sourceTypes.length ? filter.sourceTypes : ['']);
  if (filter?.pathPrefix) {
    clauses.push(`substr(${alias}.path, 1, ?) = ?`);
    params.push(filter.pathPrefix.length, filter.pathPrefix);
  }
  if (filter?.tags?.length) {
    clauses.push(`exists (select 1 from json_each(${alias}.tags) t where t.value in (${filter.tags.map(() => '?').join(', ')}))`);
    params.push(...filter.tags);
  }
  return { sql: clauses.length ? clauses.join(' and ') : '1', params };
}

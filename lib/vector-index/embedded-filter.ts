import type { QueryFilter } from './types';

/**
 * A query filter as an SQL condition over the chunks table aliased `alias`, with its parameters ("1"
 * without a filter). Lists are bound as one JSON parameter each, so the SQL text depends only on
 * which fields are present (and how many folders are hidden), and compiled statements can be reused.
 */
export function filterSql(filter: QueryFilter | undefined, alias: string): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  // An empty list matches nothing.
  const inList = (column: string, values: string[]) => {
    clauses.push(`${alias}.${column} in (select value from json_each(?))`);
    params.push(JSON.stringify(values));
  };
  const under = (folder: string) => {
    params.push(folder.length, folder);
    return `substr(${alias}.path, 1, ?) = ?`;
  };
  if (filter?.docIds) inList('doc_id', filter.docIds);
  if (filter?.roots) inList('root', filter.roots);
  if (filter?.fileTypes) inList('file_type', filter.fileTypes);
  if (filter?.sourceTypes) inList('source_type', filter.sourceTypes);
  if (filter?.languages) {
    // In the payload rather than a column: indexes written before languages were stored need no migration.
    clauses.push(`coalesce(json_extract(${alias}.payload, '$.language'), 'und') in (select value from json_each(?))`);
    params.push(JSON.stringify(filter.languages));
  }
  if (filter?.pathPrefix) clauses.push(under(filter.pathPrefix));
  if (filter?.tags?.length) {
    clauses.push(`exists (select 1 from json_each(${alias}.tags) t where t.value in (select value from json_each(?)))`);
    params.push(JSON.stringify(filter.tags));
  }
  const access = filter?.access;
  if (access?.excludeFolders.length) {
    const hidden = access.excludeFolders.map(({ root, folder }) => {
      const parts: string[] = [];
      if (root !== null) {
        parts.push(`${alias}.root = ?`);
        params.push(root);
      }
      if (folder) parts.push(under(folder));
      return parts.length ? `(${parts.join(' and ')})` : '1';
    });
    clauses.push(`not (${alias}.source_type = 'document' and (${hidden.join(' or ')}))`);
  }
  if (access?.excludeDocIds.length) {
    clauses.push(`${alias}.doc_id not in (select value from json_each(?))`);
    params.push(JSON.stringify(access.excludeDocIds));
  }
  return { sql: clauses.length ? clauses.join(' and ') : '1', params };
}

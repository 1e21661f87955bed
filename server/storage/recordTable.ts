import type { Db } from './database';

/**
 * Tables that keep each record whole as JSON in a `record` column, beside the few columns that
 * are queried (restock requests, alerts): fetching one and listing by filters, said once.
 */

/** WHERE conditions with their parameters, added only for the filters a caller set. */
export class Conditions {
  private readonly clauses: string[] = [];
  readonly params: Array<string | number> = [];

  /** Adds `sql` (with `?` for each parameter) when `when` is true. */
  add(when: boolean, sql: string, ...params: Array<string | number>): this {
    if (when) {
      this.clauses.push(sql);
      this.params.push(...params);
    }
    return this;
  }

  get where(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** Reads a stored record; a table whose records changed shape over time passes its own. */
export type ParseRecord<T> = (record: string) => T;
const parseJson = <T>(record: string): T => JSON.parse(record) as T;

/** The record with this id, or null. */
export function recordById<T>(
  db: Db,
  table: string,
  id: string,
  parse: ParseRecord<T> = parseJson,
): T | null {
  const row = db.prepare<[string], { record: string }>(`SELECT record FROM ${table} WHERE id = ?`).get(id);
  return row ? parse(row.record) : null;
}

/** The records matching `conditions`, ordered by `orderBy` (then id, for a stable order), at most `limit`. */
export function listRecords<T>(
  db: Db,
  table: string,
  conditions: Conditions,
  orderBy: string,
  limit: number,
  parse: ParseRecord<T> = parseJson,
): T[] {
  const sql = `SELECT record FROM ${table} ${conditions.where} ORDER BY ${orderBy}, id DESC LIMIT ?`;
  return db
    .prepare<Array<string | number>, { record: string }>(sql)
    .all(...conditions.params, limit)
    .map((row) => parse(row.record));
}

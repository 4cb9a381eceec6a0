import { CompiledQuery, type InsertObject } from 'kysely';
import type { DatabaseSchema, Db } from './tables';

type Row<T extends keyof DatabaseSchema> = DatabaseSchema[T];

/** SQL of multi-row inserts by dialect, table, columns and row count (the values are parameters). */
const compiledInserts = new Map<string, string>();
const CACHE_LIMIT = 1_000;

/**
 * `insert into table (columns) values (…), (…)` for rows that all have the same keys, in one statement.
 *
 * Kysely builds and compiles an insert of n rows value by value, which for a push's hundred rows costs as
 * much as running it. The SQL depends only on the dialect, the table, the columns and n, so it is compiled
 * once per shape and then run with the rows' values as parameters. A shape is only cached when its compiled
 * parameters are exactly the rows' values in row and column order, so the cached text cannot mismatch them.
 */
export async function insertRows<T extends keyof DatabaseSchema>(db: Db, table: T, rows: readonly Row<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!) as (keyof Row<T> & string)[];
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of columns) parameters.push(row[column]);
  // The one-row statement names the dialect (its quoting and placeholders) at a fraction of the cost.
  const shape = `${oneRowSql(db, table, rows[0]!)}\u0000${rows.length}`;
  const cached = compiledInserts.get(shape);
  if (cached !== undefined && rows.every((row) => sameKeys(row, columns))) {
    await db.executeQuery(CompiledQuery.raw(cached, parameters));
    return;
  }
  const compiled = db.insertInto(table).values(rows as readonly InsertObject<DatabaseSchema, T>[]).compile();
  if (compiled.parameters.length === parameters.length && compiled.parameters.every((p, i) => p === parameters[i])) {
    if (compiledInserts.size >= CACHE_LIMIT) compiledInserts.clear();
    compiledInserts.set(shape, compiled.sql);
  }
  await db.executeQuery(compiled);
}

const oneRowSqls = new WeakMap<object, Map<string, string>>();

function oneRowSql<T extends keyof DatabaseSchema>(db: Db, table: T, row: Row<T>): string {
  const key = `${table}\u0000${Object.keys(row).join('\u0000')}`;
  let byShape = oneRowSqls.get(db.getExecutor().adapter);
  if (!byShape) oneRowSqls.set(db.getExecutor().adapter, (byShape = new Map()));
  let text = byShape.get(key);
  if (text === undefined) {
    text = db.insertInto(table).values(row as InsertObject<DatabaseSchema, T>).compile().sql;
    byShape.set(key, text);
  }
  return text;
}

function sameKeys(row: object, columns: readonly string[]): boolean {
  const keys = Object.keys(row);
  return keys.length === columns.length && keys.every((k, i) => k === columns[i]);
}

import { CompiledQuery, type InsertObject } from 'kysely';
import type { DatabaseSchema, Db } from './tables';

type Row<T extends keyof DatabaseSchema> = DatabaseSchema[T];

/** SQL of multi-row inserts by dialect, table, columns and row count (the values are parameters). */
const compiledInserts = new Map<string, string>();
const CACHE_LIMIT = 1_000;

/**
 * Parameters per statement stay under this (SQLite allows 32,766 since 3.32, PostgreSQL 65,535), and rows
 * per statement under MAX_ROWS: a larger set of rows goes out in chunks.
 */
const MAX_PARAMETERS = 16_000;
const MAX_ROWS = 512;

/**
 * `insert into table (columns) values (…), (…)` for rows that all have the same keys, in as few statements as
 * the parameter limits allow.
 *
 * Kysely builds and compiles an insert of n rows value by value, which for a push's hundred rows costs as
 * much as running it. The SQL depends only on the dialect, the table, the columns and n, so it is compiled
 * once per shape and then run with the rows' values as parameters. A shape is only cached when its compiled
 * parameters are exactly the rows' values in row and column order, so the cached text cannot mismatch them.
 * Chunks are powers of two (a group commit's thousands of rows: 512 + 512 + … + 8 + 2), so that few shapes
 * exist and each statement's SQL is prepared once.
 */
export async function insertRows<T extends keyof DatabaseSchema>(db: Db, table: T, rows: readonly Row<T>[]): Promise<void> {
  await writeRows(db, table, rows, '');
}

/**
 * Like insertRows, but a row whose `key` exists already updates the `update` columns of the stored row
 * instead (`on conflict (key) do update`, the same text on SQLite and PostgreSQL). The rows must have distinct
 * keys: PostgreSQL refuses to update one row twice in a statement.
 */
export async function upsertRows<T extends keyof DatabaseSchema>(
  db: Db,
  table: T,
  rows: readonly Row<T>[],
  key: keyof Row<T> & string,
  update: readonly (keyof Row<T> & string)[],
): Promise<void> {
  const assignments = update.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ');
  await writeRows(db, table, rows, ` on conflict (${quote(key)}) do update set ${assignments}`);
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

async function writeRows<T extends keyof DatabaseSchema>(db: Db, table: T, rows: readonly Row<T>[], suffix: string): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const limit = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  let start = 0;
  while (start < rows.length) {
    const left = rows.length - start;
    // The largest power of two that fits: the shapes of a statement stay few.
    let size = 1;
    while (size * 2 <= Math.min(left, limit)) size *= 2;
    await writeChunk(db, table, rows.slice(start, start + size), suffix);
    start += size;
  }
}

async function writeChunk<T extends keyof DatabaseSchema>(db: Db, table: T, rows: readonly Row<T>[], suffix: string): Promise<void> {
  const columns = Object.keys(rows[0]!) as (keyof Row<T> & string)[];
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of columns) parameters.push(row[column]);
  // The one-row statement names the dialect (its quoting and placeholders) at a fraction of the cost.
  const shape = `${oneRowSql(db, table, rows[0]!)}\u0000${rows.length}\u0000${suffix}`;
  const cached = compiledInserts.get(shape);
  if (cached !== undefined && rows.every((row) => sameKeys(row, columns))) {
    await db.executeQuery(CompiledQuery.raw(cached, parameters));
    return;
  }
  const compiled = db.insertInto(table).values(rows as readonly InsertObject<DatabaseSchema, T>[]).compile();
  const sqlText = compiled.sql + suffix;
  if (compiled.parameters.length === parameters.length && compiled.parameters.every((p, i) => p === parameters[i])) {
    if (compiledInserts.size >= CACHE_LIMIT) compiledInserts.clear();
    compiledInserts.set(shape, sqlText);
  }
  await db.executeQuery(CompiledQuery.raw(sqlText, [...compiled.parameters]));
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

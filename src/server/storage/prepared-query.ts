import type { CompiledQuery, Compilable } from 'kysely';
import type { Db } from './tables';

/** Stands for the parameter while the query is built; never sent to the database. */
const PLACEHOLDER = Symbol('parameter');

/**
 * A query with one parameter, built and compiled by Kysely once per database and then run with the value put
 * in its place. Building and compiling a join with Kysely costs more than SQLite takes to run it; the queries
 * every request runs (the session check) should pay that once, not 300 times when 300 phones sync at once.
 */
export function preparedQuery<R>(build: (db: Db, parameter: unknown) => Compilable<R>): (db: Db, value: unknown) => Promise<R[]> {
  const compiledFor = new WeakMap<Db, { query: CompiledQuery<R>; at: number }>();
  return async (db, value) => {
    let prepared = compiledFor.get(db);
    if (!prepared) {
      const query = build(db, PLACEHOLDER).compile();
      const at = query.parameters.indexOf(PLACEHOLDER);
      // Exactly one use of the parameter, or the substitution below would be wrong.
      if (at < 0 || query.parameters.lastIndexOf(PLACEHOLDER) !== at) throw new Error('preparedQuery: the parameter must be used exactly once');
      compiledFor.set(db, (prepared = { query, at }));
    }
    const parameters = [...prepared.query.parameters];
    parameters[prepared.at] = value;
    const result = await db.executeQuery<R>({ ...prepared.query, parameters });
    return result.rows;
  };
}

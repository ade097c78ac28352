import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * A pg pool as Kysely's PostgreSQL driver sees it, whose queries with parameters run as named
 * prepared statements: each connection parses and plans a statement once, and later runs only bind
 * and execute it. Kysely sends every query unnamed, which PostgreSQL parses and plans again on every
 * call, and the hot statements of a save (the session lookup, the access check, the group insert)
 * are the same few texts on every request.
 *
 * Statements are named by their SQL text (Kysely binds every value as a parameter, so one query
 * shape is one text), `s1`, `s2`... in the order first seen. pg keeps the names each connection has
 * prepared, and PostgreSQL keeps the statements until the connection closes, so the number of texts
 * is bounded: past `limit` distinct texts (IN lists of many lengths) a text runs unnamed, as before.
 * Statements without parameters (BEGIN, COMMIT) stay on the simple protocol. A prepared plan is
 * replanned by PostgreSQL when a table it reads changes (a migration); only its result columns may
 * not change, which migrations made after this process started (by a newer one) could do to a
 * `select *`: such a query then fails until the process restarts, as its code would be out of date.
 * A pooler between the server and PostgreSQL must keep prepared statements per server connection
 * (session pooling, or PgBouncer 1.21+ with `max_prepared_statements`).
 */
export function namingStatements(pool: pg.Pool, limit = 1000): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < limit) {
      name = `s${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapped = clients.get(client);
    if (wrapped === undefined) {
      wrapped = {
        // Kysely passes (text, parameters) or a cursor (streams), which goes through as it came.
        query: ((query: string | pg.Submittable, values?: unknown[]) => {
          if (typeof query !== 'string') return client.query(query);
          const name = values !== undefined && values.length > 0 ? nameOf(query) : undefined;
          return client.query(name === undefined ? { text: query, values } : { name, text: query, values });
        }) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
      clients.set(client, wrapped);
    }
    return wrapped;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}

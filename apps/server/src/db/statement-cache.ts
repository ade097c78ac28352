import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, with prepared statements kept. The driver prepares
 * every query it runs, and preparing one of a request's small statements cost as much as running it
 * (`bench:server` profile: 10% of the server's time under the save load was `prepare`). Statements are
 * keyed by their SQL text: Kysely binds every value as a parameter, so one query shape is one text.
 * A statement that is still busy (an open `iterate`, a streamed query) is never handed out twice: a
 * fresh one is prepared. Texts that vary (IN lists of many lengths) are bounded: the map is emptied
 * when it passes `limit` texts.
 */
export function cachingStatements(database: SQLite.Database, limit = 512): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      if (statements.size >= limit) statements.clear();
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}

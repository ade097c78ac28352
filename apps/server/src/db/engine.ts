/** The database engines the server runs on: SQLite (the embedded default) and PostgreSQL (team scale). */
export type Engine = 'sqlite' | 'postgres';

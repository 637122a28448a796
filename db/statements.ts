import { db, type AppDatabase } from "./client";

/**
 * Statements built once and kept, per database (tests give each file its own) and per key: the
 * key must name everything the statement's SQL depends on, and its values must be placeholders.
 * Building a Drizzle query costs more than a simple statement takes to run. The oldest goes when
 * `limit` are kept.
 */
export function statementCache<Statement>(limit = 500) {
  const byDatabase = new WeakMap<AppDatabase, Map<string, Statement>>();
  return (key: string, build: () => Statement): Statement => {
    const database = db();
    let statements = byDatabase.get(database);
    if (!statements) byDatabase.set(database, (statements = new Map()));
    let statement = statements.get(key);
    if (statement === undefined) {
      statement = build();
      if (statements.size >= limit) statements.delete(statements.keys().next().value!);
      statements.set(key, statement);
    }
    return statement;
  };
}

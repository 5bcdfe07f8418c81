import { createRequire } from 'node:module';

/**
 * Records the text of every SQL statement the store prepares (better-sqlite3's `prepare`, which
 * `pragma` goes through too). better-sqlite3 is the store's dependency, not ours: it is loaded
 * from where @syncemu/store resolves it, so this patches the very module the store uses.
 */
export function spyOnPreparedSql(): { readonly texts: string[]; restore(): void } {
  const require = createRequire(import.meta.resolve('@syncemu/store'));
  const Database = require('better-sqlite3') as { prototype: { prepare(this: unknown, source: string): unknown } };
  const original = Database.prototype.prepare;
  const texts: string[] = [];
  Database.prototype.prepare = function (this: unknown, source: string) {
    texts.push(source);
    return original.call(this, source);
  };
  return {
    texts,
    restore: () => {
      Database.prototype.prepare = original;
    },
  };
}

/** `PRAGMA integrity_check` of a database file, opened read-only with the store's own better-sqlite3. */
export function integrityCheck(path: string): string {
  const require = createRequire(import.meta.resolve('@syncemu/store'));
  type Db = { pragma(source: string, options: { simple: true }): unknown; close(): void };
  const Database = require('better-sqlite3') as new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => Db;
  const db = new Database(path, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

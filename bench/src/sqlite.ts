import { createRequire } from 'node:module';

/**
 * better-sqlite3, the same native build the store uses, typed with the few members the bench
 * needs (bench/ does not depend on @types/better-sqlite3).
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(work: (...args: A) => R): ((...args: A) => R) & { immediate: (...args: A) => R };
  close(): void;
}

export interface SqliteOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  timeout?: number;
}

const require = createRequire(import.meta.url);
const BetterSqlite3 = require('better-sqlite3') as new (path: string, options?: SqliteOptions) => SqliteDatabase;

export function openSqlite(path: string, options?: SqliteOptions): SqliteDatabase {
  return new BetterSqlite3(path, options);
}

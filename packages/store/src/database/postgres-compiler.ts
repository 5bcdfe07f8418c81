import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from './tables.js';

/**
 * Kysely as a compiler of PostgreSQL's SQL only (`$1` placeholders, PostgreSQL's quoting): what the
 * store's compilers build statements with for PostgreSQL; the statements run on `pg`.
 */
export function postgresCompiler(): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

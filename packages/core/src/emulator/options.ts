import type { ClockOption } from '../clock/clock.js';
import { isGuid } from '../ids/id-generator.js';

export interface EmulatorOptions {
  /**
   * A SQLite file path, `':memory:'` (the default), or a PostgreSQL URL
   * (`postgres://user@host:5432/db`): several servers over one database are one emulator.
   */
  readonly database?: string;
  /** `'system'` (default) or `'manual'` for tests that move time themselves. */
  readonly clock?: ClockOption;
  /** The tenant whose id appears in job ids; a fixture's `tenantId` applies when this is not set. */
  readonly tenantId?: string;
  /** Makes generated GUIDs (job ids) reproducible. */
  readonly idSeed?: number;
  /** `'auto'` (default): any GUID is a service principal. `'registered'`: only seeded ones exist. */
  readonly servicePrincipals?: 'auto' | 'registered';
  /**
   * Require `Authorization: Bearer <JWT>` (signature not checked): 401 without one, 403 for a
   * write whose token lacks Synchronization.ReadWrite.All in `scp` or `roles`. Default false.
   */
  readonly requireAuth?: boolean;
  /** Serve the `/_syncemu/` control routes (clock, plans, reset, snapshots, journal, faults); default true. Turn off for a server others reach. */
  readonly control?: boolean;
  /** Where to report bugs of syncemu's own (never client errors); default: console.error. */
  readonly onInternalError?: (error: unknown) => void;
  /** A fixture (decisions.md §7) loaded at start, and loaded again by every reset. */
  readonly fixture?: unknown;
  /**
   * A fixture file (JSON, decisions.md §7) loaded at start and again by every reset, read piece by
   * piece as it is applied: a file of a million jobs holds one job in memory at a time.
   */
  readonly fixtureFile?: string;
  /** How many answered requests the journal keeps (the last N); default 10,000, 0 keeps none. */
  readonly journalSize?: number;
}

/** The options with their defaults, checked. */
export type EmulatorSettings = Required<Omit<EmulatorOptions, 'tenantId' | 'idSeed' | 'fixture' | 'fixtureFile'>> & Pick<EmulatorOptions, 'tenantId' | 'idSeed' | 'fixture' | 'fixtureFile'>;

/** The journal size unless said: decisions.md §10. */
export const DEFAULT_JOURNAL_SIZE = 10_000;

export class EmulatorOptionError extends Error {
  override readonly name = 'EmulatorOptionError';
}

/** Checks the options of `createEmulator` and fills in the defaults. @throws EmulatorOptionError naming the bad option. */
export function readOptions({
  database = ':memory:',
  clock = 'system',
  tenantId,
  idSeed,
  servicePrincipals = 'auto',
  control = true,
  requireAuth = false,
  onInternalError = (error) => console.error('syncemu: internal error', error),
  fixture,
  fixtureFile,
  journalSize = DEFAULT_JOURNAL_SIZE,
}: EmulatorOptions): EmulatorSettings {
  if (fixture !== undefined && fixtureFile !== undefined) throw new EmulatorOptionError('Give fixture or fixtureFile, not both.');
  if (fixtureFile !== undefined && (typeof fixtureFile !== 'string' || fixtureFile === '')) throw new EmulatorOptionError(`fixtureFile must be a file path, not ${JSON.stringify(fixtureFile)}.`);
  if (!Number.isSafeInteger(journalSize) || journalSize < 0) throw new EmulatorOptionError(`journalSize must be a whole number (0 keeps no journal), not '${journalSize}'.`);
  if (tenantId !== undefined && !isGuid(tenantId)) throw new EmulatorOptionError(`tenantId must be a GUID, not '${tenantId}'.`);
  if (servicePrincipals !== 'auto' && servicePrincipals !== 'registered') {
    throw new EmulatorOptionError(`servicePrincipals must be 'auto' or 'registered', not '${String(servicePrincipals)}'.`);
  }
  if (idSeed !== undefined && !Number.isInteger(idSeed)) throw new EmulatorOptionError(`idSeed must be an integer, not '${idSeed}'.`);
  checkDatabaseOption(database);
  return {
    database,
    clock,
    servicePrincipals,
    control,
    requireAuth,
    onInternalError,
    journalSize,
    ...(tenantId !== undefined && { tenantId }),
    ...(idSeed !== undefined && { idSeed }),
    ...(fixture !== undefined && { fixture }),
    ...(fixtureFile !== undefined && { fixtureFile }),
  };
}

/** Whether `database` names a PostgreSQL server (`postgres://…`, `postgresql://…`). */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * Refuses a `database` that names any other server (`mysql://…`, any `scheme://`): SQLite would
 * make a file (and the CLI a folder tree) named after the URL (decisions.md §13).
 */
export function checkDatabaseOption(database: unknown): asserts database is string {
  if (typeof database !== 'string' || database === '') throw new EmulatorOptionError(`database must be a file path, ':memory:' or a postgres:// URL, not ${JSON.stringify(database)}.`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(database)?.[1];
  if (scheme !== undefined && !isPostgresUrl(database)) {
    throw new EmulatorOptionError(
      `database '${database}' is a ${scheme}:// URL; syncemu keeps its state in SQLite (a file path such as ./data/syncemu.sqlite, or ':memory:') or in PostgreSQL (postgres://user@host:5432/db).`,
    );
  }
  if (isPostgresUrl(database)) {
    try {
      new URL(database);
    } catch {
      throw new EmulatorOptionError(`database '${database}' is not a valid postgres:// URL (postgres://user:password@host:5432/database).`);
    }
  }
}

import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StateRepository, type SnapshotRecords, type SqliteAsyncStore } from '@syncemu/store';
import { badRequest, GraphError } from '../errors/graph-error.js';

/** A snapshot as listed (decisions.md §10). */
export interface SnapshotSummary {
  readonly name: string;
  /** The emulator clock when it was taken. */
  readonly createdAt: string;
  /** How many jobs it holds. */
  readonly jobs: number;
}

interface SnapshotMeta extends SnapshotSummary {
  /** The clock to restore: the emulator's time when the snapshot was taken. */
  readonly clock: string;
}

const SUFFIX = '.snapshot.sqlite';

/** Named snapshots of an emulator's state and clock. */
export interface SnapshotSet {
  /** Takes (or replaces) the snapshot `name` of the state as it is now, at the emulator time `now`. */
  create(name: unknown, now: Date): Promise<SnapshotSummary>;
  list(): Promise<SnapshotSummary[]>;
  /**
   * The state and clock of snapshot `name` back in place: `moveClock` is called with the
   * snapshot's clock first, then the state is replaced (so no cycle runs past the restored clock on
   * the restored state). @returns the clock it holds.
   */
  restore(name: string, moveClock: (clock: Date) => Promise<void>): Promise<{ clock: Date; snapshot: SnapshotSummary }>;
  delete(name: string): Promise<void>;
  close(): void;
}

/**
 * Snapshots kept in the PostgreSQL database itself (decision 0022): every server of the emulator
 * lists, restores and deletes the same ones.
 */
export class DatabaseSnapshots implements SnapshotSet {
  constructor(
    private readonly records: SnapshotRecords,
    private readonly jobCount: () => Promise<number>,
  ) {}

  async create(name: unknown, now: Date): Promise<SnapshotSummary> {
    const checked = checkName(name);
    // the count and the copy are two statements: the count is what the copy holds unless a write
    // lands between them (the summary's count is informative)
    const meta: SnapshotMeta = { name: checked, createdAt: now.toISOString(), jobs: await this.jobCount(), clock: now.toISOString() };
    await this.records.create(checked, JSON.stringify(meta));
    return summary(meta);
  }

  async list(): Promise<SnapshotSummary[]> {
    return (await this.records.list())
      .map(({ meta }) => JSON.parse(meta) as SnapshotMeta)
      .map(summary)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  async restore(name: string, moveClock: (clock: Date) => Promise<void>): Promise<{ clock: Date; snapshot: SnapshotSummary }> {
    const found = (await this.records.list()).find((snapshot) => snapshot.name === name);
    if (found === undefined) throw notFound(name);
    const parsed = JSON.parse(found.meta) as SnapshotMeta;
    await moveClock(new Date(parsed.clock));
    // deleted by another server meanwhile: the clock moved, the state stays (a 404 says so)
    if ((await this.records.restore(name)) === undefined) throw notFound(name);
    return { clock: new Date(parsed.clock), snapshot: summary(parsed) };
  }

  async delete(name: string): Promise<void> {
    if (!(await this.records.delete(name))) throw notFound(name);
  }

  close(): void {}
}

/**
 * Named copies of the emulator's state, each a SQLite file made by `VACUUM INTO` (decision 0016).
 * For a file database they lie in `<database>.snapshots/` and survive a restart; for `:memory:`
 * in a temporary folder removed when the emulator closes.
 */
export class FileSnapshots implements SnapshotSet {
  private folder: string | undefined;
  private readonly temporary: boolean;

  constructor(
    private readonly store: SqliteAsyncStore,
    database: string,
  ) {
    this.temporary = database === ':memory:';
    if (!this.temporary) this.folder = `${resolve(database)}.snapshots`;
  }

  async create(name: unknown, now: Date): Promise<SnapshotSummary> {
    const checked = checkName(name);
    const path = this.pathOf(checked, true);
    return this.store.exclusive((store) => {
      const meta: SnapshotMeta = { name: checked, createdAt: now.toISOString(), jobs: store.state.jobCount(), clock: now.toISOString() };
      // written aside, then moved over an earlier one of the same name: never half a snapshot
      const aside = `${path}.${process.pid}.partial`;
      rmSync(aside, { force: true });
      store.state.snapshot(aside, { ...meta });
      rmSync(path, { force: true });
      renameSync(aside, path); // the same folder: a rename, atomic
      return summary(meta);
    });
  }

  async list(): Promise<SnapshotSummary[]> {
    if (this.folder === undefined || !existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((file) => file.endsWith(SUFFIX))
      .map((file) => StateRepository.readMeta(join(this.folder!, file)) as SnapshotMeta | undefined)
      .filter((meta): meta is SnapshotMeta => meta !== undefined && typeof meta.name === 'string')
      .map(summary)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  /** The state and clock of snapshot `name` back in place. @returns the clock it holds. */
  async restore(name: string, moveClock: (clock: Date) => Promise<void>): Promise<{ clock: Date; snapshot: SnapshotSummary }> {
    const path = this.existing(name);
    const meta = StateRepository.readMeta(path) as SnapshotMeta | undefined;
    if (!meta) throw notFound(name);
    await moveClock(new Date(meta.clock));
    await this.store.exclusive((store) => store.state.restore(path));
    return { clock: new Date(meta.clock), snapshot: summary(meta) };
  }

  async delete(name: string): Promise<void> {
    rmSync(this.existing(name));
  }

  /** Removes a temporary folder (for `:memory:`); a file database keeps its snapshots. */
  close(): void {
    if (this.temporary && this.folder !== undefined) rmSync(this.folder, { recursive: true, force: true });
  }

  private existing(name: string): string {
    const path = this.pathOf(name, false);
    if (!existsSync(path)) throw notFound(name);
    return path;
  }

  private pathOf(name: string, create: boolean): string {
    if (this.folder === undefined) this.folder = mkdtempSync(join(tmpdir(), 'syncemu-snapshots-'));
    if (create) mkdirSync(this.folder, { recursive: true });
    return join(this.folder, `${encodeURIComponent(name)}${SUFFIX}`);
  }
}

function summary({ name, createdAt, jobs }: SnapshotMeta): SnapshotSummary {
  return { name, createdAt, jobs };
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > 200 || /[\u0000-\u001f]/.test(name) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
    throw badRequest(`A snapshot's 'name' is a string of 1 to 200 characters (no control characters, no lone surrogates), not ${JSON.stringify(name ?? null)}.`);
  }
  return name;
}

function notFound(name: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `There is no snapshot named '${name}'.`);
}

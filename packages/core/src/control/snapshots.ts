import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StateRepository, type Store } from '@syncemu/store';
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

/**
 * Named copies of the emulator's state, each a SQLite file made by `VACUUM INTO` (decision 0016).
 * For a file database they lie in `<database>.snapshots/` and survive a restart; for `:memory:`
 * in a temporary folder removed when the emulator closes.
 */
export class Snapshots {
  private folder: string | undefined;
  private readonly temporary: boolean;

  constructor(
    private readonly store: Store,
    database: string,
  ) {
    this.temporary = database === ':memory:';
    if (!this.temporary) this.folder = `${resolve(database)}.snapshots`;
  }

  /** Takes (or replaces) the snapshot `name` of the state as it is now, at the emulator time `now`. */
  create(name: unknown, now: Date): SnapshotSummary {
    const checked = checkName(name);
    const path = this.pathOf(checked, true);
    const meta: SnapshotMeta = { name: checked, createdAt: now.toISOString(), jobs: this.store.state.jobCount(), clock: now.toISOString() };
    // written aside, then moved over an earlier one of the same name: never half a snapshot
    const aside = `${path}.${process.pid}.partial`;
    rmSync(aside, { force: true });
    this.store.state.snapshot(aside, { ...meta });
    rmSync(path, { force: true });
    renameSync(aside, path); // the same folder: a rename, atomic
    return summary(meta);
  }

  list(): SnapshotSummary[] {
    if (this.folder === undefined || !existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((file) => file.endsWith(SUFFIX))
      .map((file) => StateRepository.readMeta(join(this.folder!, file)) as SnapshotMeta | undefined)
      .filter((meta): meta is SnapshotMeta => meta !== undefined && typeof meta.name === 'string')
      .map(summary)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  /** The state and clock of snapshot `name` back in place. @returns the clock it holds. */
  restore(name: string): { clock: Date; snapshot: SnapshotSummary } {
    const path = this.existing(name);
    const meta = StateRepository.readMeta(path) as SnapshotMeta | undefined;
    if (!meta) throw notFound(name);
    this.store.state.restore(path);
    return { clock: new Date(meta.clock), snapshot: summary(meta) };
  }

  delete(name: string): void {
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
  if (typeof name !== 'string' || name === '' || name.length > 200 || /[\u0000-\u001f]/.test(name)) {
    throw badRequest(`A snapshot's 'name' is a string of 1 to 200 characters (no control characters), not ${JSON.stringify(name ?? null)}.`);
  }
  return name;
}

function notFound(name: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `There is no snapshot named '${name}'.`);
}

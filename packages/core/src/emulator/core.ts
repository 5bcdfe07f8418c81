import { JournalRepository, openPostgresStore, StoreOpenError, openSqliteAsyncStore, openStore, type AsyncRepositories, type AsyncStore, type RequestPoll, type SharedRecords, type Store } from '@syncemu/store';
import { CLOCK_RECORD, controlledClock, createClock, sharedManualClock, timeScaleOf, type Clock, type ControllableClock } from '../clock/clock.js';
import { FaultRules, SharedFaultRules, type FaultRuleSet } from '../control/fault-rules.js';
import { DatabaseSnapshots, FileSnapshots, type SnapshotSet } from '../control/snapshots.js';
import { seedFixture, type SeedSummary } from '../fixtures/seed.js';
import { fileOutline, valueOutline, type FixtureOutline } from '../fixtures/fixture-outline.js';
import type { EmulatorParts } from '../handlers/context.js';
import { createIdGenerator, type IdGenerator } from '../ids/id-generator.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS, ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS, RateLimiter } from '../limits/rate-limiter.js';
import { entryTypeOf, templateOf } from '../templates/template-lookup.js';
import { isPostgresUrl, type EmulatorSettings } from './options.js';

/** The tenant id used when neither the options nor a fixture give one. */
export const DEFAULT_TENANT_ID = '5c1b2e3f-8a7d-4f60-9b1e-2d4c6a8e0f13';

/** Shared records (PostgreSQL): where the clock started (what a reset puts it back to), how many cycles completed. */
const STARTED_AT_RECORD = 'clock.startedAt';
const ORIGIN_RECORD = 'clock.origin';
const CYCLES_RECORD = 'cyclesCompleted';

/**
 * The state an emulator answers from: its store, clock, id generator, job lifecycle and rate
 * limiters. The request pipeline reads it; handlers get it as {@link EmulatorParts}. Made by
 * {@link EmulatorCore.open}: a SQLite store opens at once, a PostgreSQL one connects and migrates.
 */
export class EmulatorCore {
  readonly ids: IdGenerator;
  onDemandLimiter = new RateLimiter(ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS);
  bulkUploadLimiter = new RateLimiter(BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS);
  /** The answered requests (not the control routes'): each server's own. */
  readonly journal: JournalRepository;
  /** What the startup fixture (`fixture` or `fixtureFile`) seeded, if there is one. */
  startupSeed: SeedSummary | undefined;
  /** Where the clock stood when the emulator started (after the startup fixture). */
  startedAt!: Date;
  /** The tenant of job ids, read once; a fixture that sets one resets it. */
  private tenant: string | undefined;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
  readonly faults: FaultRuleSet;
  readonly snapshots: SnapshotSet;

  private constructor(
    readonly settings: EmulatorSettings,
    readonly store: AsyncStore,
    /** The SQLite store underneath (`emulator.store`); undefined on PostgreSQL. */
    readonly sqlite: Store | undefined,
    /** The clock under the emulator's: a manual one can be put back (reset, restore). */
    readonly baseClock: ControllableClock,
    private readonly shared: SharedRecords | undefined,
  ) {
    this.ids = createIdGenerator(settings.idSeed);
    this.lifecycle = new Lifecycle({
      store,
      ids: this.ids,
      entryType: async (db, spId, templateId) => entryTypeOf(await templateOf(db, spId, templateId)),
      // the clock as it stands, read under the write lock (the shared record on PostgreSQL)
      currentTime: shared && baseClock.kind === 'manual' ? async () => (await shared.get(CLOCK_RECORD)) ?? baseClock.now().toISOString() : () => baseClock.now().toISOString(),
      ...(shared && { countCycles: (completed: number) => shared.increment(CYCLES_RECORD, completed) }),
    });
    this.clock = controlledClock(baseClock, (until) => this.lifecycle.runDue(until));
    this.journal = new JournalRepository(settings.journalSize);
    this.faults = store.faultRules ? new SharedFaultRules(store.faultRules) : new FaultRules();
    this.snapshots = store.snapshots ? new DatabaseSnapshots(store.snapshots, () => store.state.jobCount()) : new FileSnapshots(store as never, settings.database);
  }

  /**
   * Opens the emulator's store (SQLite at once, synchronously: a file it cannot open throws here;
   * PostgreSQL when `ready` runs) and returns the core with the promise of its readiness.
   */
  static create(settings: EmulatorSettings, baseClock: ControllableClock): { sqlite: Store | undefined; ready: Promise<EmulatorCore> } {
    if (isPostgresUrl(settings.database)) return { sqlite: undefined, ready: EmulatorCore.openPostgres(settings, baseClock) };
    const sqlite = openStore(settings.database);
    const core = new EmulatorCore(settings, openSqliteAsyncStore(sqlite), sqlite, baseClock, undefined);
    return { sqlite, ready: core.start() };
  }

  /** `local`: the clock the options describe, which a manual clock shared through the database starts from. */
  private static async openPostgres(settings: EmulatorSettings, local: ControllableClock): Promise<EmulatorCore> {
    let store: AsyncStore;
    try {
      store = await openPostgresStore(settings.database);
    } catch (error) {
      if (error instanceof StoreOpenError) throw error;
      // the URL without its password, and why it failed (ECONNREFUSED, ENOTFOUND, a refused login…)
      const shown = new URL(settings.database);
      shown.password = shown.password ? '***' : '';
      throw new StoreOpenError(`Cannot open the PostgreSQL database '${shown.href}': ${(error as Error).message || (error as { code?: string }).code || String(error)}.`);
    }
    try {
      const shared = store.shared!;
      let baseClock: ControllableClock;
      if (local.kind === 'manual') {
        // the first server to start sets the clock (start()); the others take it as they find it
        baseClock = sharedManualClock(local, shared);
      } else {
        // a scaled system clock runs from one real instant for every server
        const origin = Number(await shared.setIfAbsent(ORIGIN_RECORD, String(Date.now())));
        baseClock = createClock(settings.clock, timeScaleOf(settings.clock) === 1 ? undefined : origin);
      }
      const core = new EmulatorCore(settings, store, undefined, baseClock, shared);
      return await core.start();
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** Applies the startup fixture; notes where the clock then stands. */
  private async start(): Promise<EmulatorCore> {
    try {
      if (this.shared && this.baseClock.kind === 'manual') {
        // the manual clock's record exists from the first server's start on; a later server takes
        // it as it finds it (writing nothing: another may be moving it)
        const ticket = this.baseClock.ticket!();
        this.baseClock.adopt!(await this.shared.setIfAbsent(CLOCK_RECORD, this.baseClock.now().toISOString()), ticket);
      }
      this.startupSeed = await this.seedStartup();
      const now = this.clock.now();
      this.startedAt = this.shared ? new Date(await this.shared.setIfAbsent(STARTED_AT_RECORD, now.toISOString())) : now;
      return this;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Closes the store and the journal, and removes temporary snapshots. */
  async close(): Promise<void> {
    this.snapshots.close();
    this.journal.close();
    await this.store.close();
  }

  /** Reads what other servers may have changed before a request: the shared manual clock. */
  refresh(): Promise<void> | undefined {
    return this.baseClock.refresh?.();
  }

  /**
   * PostgreSQL, before a request, in one round trip: the shared clock (taken as this server's),
   * whether any fault rule exists and whether a cycle is due now. Undefined on SQLite, whose
   * process holds all three.
   */
  poll(): Promise<RequestPoll> | undefined {
    const { poll } = this.store;
    if (!poll) return undefined;
    const manual = this.baseClock.kind === 'manual';
    const ticket = manual ? this.baseClock.ticket?.() : undefined;
    return poll.call(this.store, manual ? undefined : this.clock.now().toISOString()).then((polled) => {
      // the tenant as the database holds it now: a fixture seeded through another server may have set it
      this.tenant = (this.settings.tenantId ?? polled.tenantId ?? DEFAULT_TENANT_ID).replaceAll('-', '').toLowerCase();
      if (ticket === undefined || polled.clock === undefined || this.baseClock.adopt!(polled.clock, ticket)) return polled;
      // a move of this server's finished after the poll began: the clock is later than the poll
      // read, so whether a cycle is due is asked again (runDue reads it)
      return { ...polled, due: true };
    });
  }

  /** Forgets what was read of the state (after it was replaced underneath: reset, restore). */
  forget(): void {
    this.tenant = undefined;
    this.onDemandLimiter = new RateLimiter(ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS);
    this.bulkUploadLimiter = new RateLimiter(BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS);
  }

  /** The tenant id without dashes, read once through `db`. */
  async tenantHex(db: AsyncRepositories = this.store): Promise<string> {
    return (this.tenant ??= (this.settings.tenantId ?? (await db.getSetting('tenantId')) ?? DEFAULT_TENANT_ID).replaceAll('-', '').toLowerCase());
  }

  /** What handlers may use, for one request: reads through `db` (a read transaction's handle, or the store). */
  parts(db: AsyncRepositories = this.store): EmulatorParts | Promise<EmulatorParts> {
    if (this.tenant === undefined) return this.tenantHex(db).then(() => this.parts(db));
    const { store, clock, ids, lifecycle, onDemandLimiter, bulkUploadLimiter } = this;
    return { db, store, clock, ids, tenantHex: this.tenant, servicePrincipals: this.settings.servicePrincipals, lifecycle, onDemandLimiter, bulkUploadLimiter };
  }

  /** Loads a fixture after completing the cycles due (decisions.md §7): all or nothing. */
  seed(fixture: unknown): Promise<SeedSummary> {
    return this.seedOutline(valueOutline(fixture));
  }

  /** Loads a fixture file, read as it is applied (one job in memory at a time): all or nothing. */
  seedFile(path: string): Promise<SeedSummary> {
    return this.seedOutline(fileOutline(path));
  }

  /** The startup fixture, read anew (a file from its start), or undefined without one. */
  private startupOutline(): FixtureOutline | undefined {
    const { fixture, fixtureFile } = this.settings;
    return fixtureFile !== undefined ? fileOutline(fixtureFile) : fixture !== undefined ? valueOutline(fixture) : undefined;
  }

  /** Applies the startup fixture again, or its part for one service principal. */
  seedStartup(only?: string): Promise<SeedSummary | undefined> {
    const outline = this.startupOutline();
    return outline ? this.seedOutline(outline, only) : Promise.resolve(undefined);
  }

  /** Applies the startup fixture (or its part for one service principal) inside the transaction `tx` (a reset's). */
  async applyStartup(tx: AsyncRepositories, only?: string): Promise<void> {
    const outline = this.startupOutline();
    if (!outline) return;
    this.tenant = undefined;
    try {
      await seedFixture(tx, this.seedParts(tx), outline, only);
    } finally {
      this.tenant = undefined;
    }
  }

  private seedParts(tx: AsyncRepositories) {
    // the tenant read through the fixture's own transaction: a tenantId it sets names its jobs
    let tenant: string | undefined;
    return {
      ids: this.ids,
      tenantHex: async () => (tenant ??= (this.settings.tenantId ?? (await tx.getSetting('tenantId')) ?? DEFAULT_TENANT_ID).replaceAll('-', '').toLowerCase()),
      now: () => this.clock.now(),
      lifecycle: this.lifecycle,
    };
  }

  private async seedOutline(outline: FixtureOutline, only?: string): Promise<SeedSummary> {
    await this.lifecycle.runDue(this.clock.now());
    this.tenant = undefined;
    try {
      return await this.store.transaction((tx) => seedFixture(tx, this.seedParts(tx), outline, only));
    } finally {
      this.tenant = undefined;
    }
  }
}

import { JournalRepository, openStore, type Store } from '@syncemu/store';
import { controlledClock, createClock, type Clock, type ControllableClock } from '../clock/clock.js';
import { FaultRules } from '../control/fault-rules.js';
import { Snapshots } from '../control/snapshots.js';
import { seedFixture, type SeedSummary } from '../fixtures/seed.js';
import { fileOutline, valueOutline, type FixtureOutline } from '../fixtures/fixture-outline.js';
import type { EmulatorParts } from '../handlers/context.js';
import { createIdGenerator, type IdGenerator } from '../ids/id-generator.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS, ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS, RateLimiter } from '../limits/rate-limiter.js';
import { entryTypeOf, templateOf } from '../templates/template-lookup.js';
import type { EmulatorSettings } from './options.js';

/** The tenant id used when neither the options nor a fixture give one. */
export const DEFAULT_TENANT_ID = '5c1b2e3f-8a7d-4f60-9b1e-2d4c6a8e0f13';

/**
 * The state an emulator answers from: its store, clock, id generator, job lifecycle and rate
 * limiters. The request pipeline reads it; handlers get it as {@link EmulatorParts}.
 */
export class EmulatorCore {
  readonly store: Store;
  readonly ids: IdGenerator;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
  onDemandLimiter = new RateLimiter(ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS);
  bulkUploadLimiter = new RateLimiter(BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS);
  /** The answered requests (not the control routes'). */
  readonly journal: JournalRepository;
  readonly faults = new FaultRules();
  readonly snapshots: Snapshots;
  /** The clock under the emulator's: a manual one can be put back (reset, restore). */
  readonly baseClock: ControllableClock;
  /** Where the clock stood when the emulator started (after the startup fixture). */
  readonly startedAt: Date;
  /** What the startup fixture (`fixture` or `fixtureFile`) seeded, if there is one. */
  readonly startupSeed: SeedSummary | undefined;
  /** The tenant of job ids, read once; a fixture that sets one resets it. */
  private tenant: string | undefined;

  constructor(readonly settings: EmulatorSettings) {
    this.baseClock = createClock(settings.clock);
    this.store = openStore(settings.database);
    this.ids = createIdGenerator(settings.idSeed);
    const store = this.store;
    this.lifecycle = new Lifecycle({ store, ids: this.ids, entryType: (spId, templateId) => entryTypeOf(templateOf(store, spId, templateId)) });
    this.clock = controlledClock(this.baseClock, (until) => this.lifecycle.runDue(until));
    this.journal = new JournalRepository(settings.journalSize);
    this.snapshots = new Snapshots(store, settings.database);
    try {
      this.startupSeed = this.seedStartup();
    } catch (error) {
      this.close();
      throw error;
    }
    this.startedAt = this.clock.now();
  }

  /** Closes the store and the journal, and removes temporary snapshots. */
  close(): void {
    this.snapshots.close();
    this.journal.close();
    this.store.close();
  }

  /** Forgets what was read of the state (after it was replaced underneath: reset, restore). */
  forget(): void {
    this.tenant = undefined;
    this.onDemandLimiter = new RateLimiter(ON_DEMAND_LIMIT, ON_DEMAND_WINDOW_MS);
    this.bulkUploadLimiter = new RateLimiter(BULK_UPLOAD_LIMIT, BULK_UPLOAD_WINDOW_MS);
  }

  tenantHex(): string {
    return (this.tenant ??= (this.settings.tenantId ?? this.store.getSetting('tenantId') ?? DEFAULT_TENANT_ID).replaceAll('-', '').toLowerCase());
  }

  /** What handlers may use, for one request. */
  parts(): EmulatorParts {
    const { store, clock, ids, lifecycle, onDemandLimiter, bulkUploadLimiter } = this;
    return { store, clock, ids, tenantHex: this.tenantHex(), servicePrincipals: this.settings.servicePrincipals, lifecycle, onDemandLimiter, bulkUploadLimiter };
  }

  /** Loads a fixture after completing the cycles due (decisions.md §7): all or nothing. */
  seed(fixture: unknown): SeedSummary {
    return this.seedOutline(valueOutline(fixture));
  }

  /** Loads a fixture file, read as it is applied (one job in memory at a time): all or nothing. */
  seedFile(path: string): SeedSummary {
    return this.seedOutline(fileOutline(path));
  }

  /** Applies the startup fixture again (read anew: a file from its start), or its part for one service principal. */
  seedStartup(only?: string): SeedSummary | undefined {
    const { fixture, fixtureFile } = this.settings;
    const outline = fixtureFile !== undefined ? fileOutline(fixtureFile) : fixture !== undefined ? valueOutline(fixture) : undefined;
    return outline && this.seedOutline(outline, only);
  }

  private seedOutline(outline: FixtureOutline, only?: string): SeedSummary {
    this.lifecycle.runDue(this.clock.now());
    this.tenant = undefined;
    try {
      return seedFixture({ store: this.store, ids: this.ids, tenantHex: () => this.tenantHex(), now: () => this.clock.now(), lifecycle: this.lifecycle }, outline, only);
    } finally {
      this.tenant = undefined;
    }
  }
}

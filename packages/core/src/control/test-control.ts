import { MAX_TOP, ODataQueryError, parseListQuery, requestEntry } from '@syncemu/odata';
import { badRequest } from '../errors/graph-error.js';
import type { EmulatorCore } from '../emulator/core.js';
import { isGuid } from '../ids/id-generator.js';
import type { FaultRule } from './fault-rules.js';
import type { SnapshotSummary } from './snapshots.js';

/** The page size of the journal unless `$top` says. */
const DEFAULT_JOURNAL_PAGE = 100;

/** A page of the request journal, as `GET /_syncemu/requests` answers it (parsed). */
export interface RequestsPage {
  readonly '@odata.count'?: number;
  /** The next page: give it back to `requests.list()` (or GET it over HTTP). */
  readonly '@odata.nextLink'?: string;
  readonly value: readonly JournalEntry[];
}

/** One answered request (decisions.md §10). */
export interface JournalEntry {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly version: string | null;
  readonly servicePrincipalId: string | null;
  readonly jobId: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly fault: string | null;
  readonly requestBody: unknown;
  readonly responseBody: unknown;
}

/**
 * What a test controls, in process and over `/_syncemu/` alike (decisions.md §10): reset, snapshots,
 * the request journal, fault rules. Each works on the emulator's core; none is a request of Graph.
 */
export class TestControl {
  constructor(private readonly core: EmulatorCore) {}

  /**
   * Back to the state right after start: every service principal and setting gone, the startup
   * fixture applied again, a manual clock at its start, the journal and fault rules empty
   * (snapshots kept). With a service principal: only its state, entries and rules, and its part of
   * the startup fixture; the clock stays.
   */
  async reset({ servicePrincipalId }: { servicePrincipalId?: unknown } = {}): Promise<void> {
    const { core } = this;
    if (servicePrincipalId === undefined) {
      await core.baseClock.jump?.(core.startedAt);
      await core.store.replaceState(async (tx) => {
        await tx.state.clear();
        await core.applyStartup(tx);
      });
      core.forget();
      core.journal.clear();
      await core.faults.clear();
      return;
    }
    if (typeof servicePrincipalId !== 'string' || !isGuid(servicePrincipalId)) {
      throw badRequest(`'servicePrincipalId' must be the GUID of a service principal, not ${JSON.stringify(servicePrincipalId)}.`);
    }
    const spId = servicePrincipalId.toLowerCase();
    await core.lifecycle.runDue(core.clock.now());
    await core.store.transaction(async (tx) => {
      await tx.state.clear(spId);
      await core.applyStartup(tx, spId);
    });
    core.journal.clear(spId);
    await core.faults.clear(spId);
  }

  /** Takes (or replaces) a named snapshot of the state and the clock, as they are now. */
  async snapshot(name: unknown): Promise<SnapshotSummary> {
    const now = this.core.clock.now();
    await this.core.lifecycle.runDue(now);
    return this.core.snapshots.create(name, now);
  }

  /** The state and the clock of a snapshot back in place (a system clock cannot be put back: it reads real time). */
  async restore(name: string): Promise<void> {
    // the clock first: a request that read the later time cannot run cycles past it on the restored state
    await this.core.snapshots.restore(name, async (clock) => {
      await this.core.baseClock.jump?.(clock);
    });
    this.core.forget();
  }

  listSnapshots(): Promise<SnapshotSummary[]> {
    return this.core.snapshots.list();
  }

  deleteSnapshot(name: string): Promise<void> {
    return this.core.snapshots.delete(name);
  }

  /**
   * A page of the journal, oldest first unless `$orderby` says: `$filter`, `$orderby`, `$top`
   * (the page size), `$skip`, `$count`, `$skiptoken`. `query` may be a nextLink given back.
   * @returns the page's JSON text, its nextLink built on `base` (`https://host/_syncemu/requests`).
   */
  async requests(query: string, base: string): Promise<string> {
    const queryString = query.includes('?') ? query.slice(query.indexOf('?') + 1) : query.replace(/^\?/, '');
    const parsed = parseListQuery(queryString, { type: requestEntry });
    if (parsed.select !== '*') throw new ODataQueryError(`Query option '$select' is not supported on the request journal; every entry comes whole.`, '$select');
    const pageSize = Math.min(parsed.top ?? DEFAULT_JOURNAL_PAGE, MAX_TOP);
    const page = this.core.journal.list(parsed, { pageSize, now: this.core.clock.now().toISOString() });
    let head = '{';
    if (page.count !== undefined) head += `"@odata.count":${page.count},`;
    if (page.nextSkipToken !== undefined && pageSize > 0) {
      const kept = queryString.split('&').filter((pair) => pair !== '' && !/^(\$|%24)(skiptoken|skip)=/i.test(pair));
      head += `"@odata.nextLink":${JSON.stringify(`${base}?${[...kept, `$skiptoken=${encodeURIComponent(page.nextSkipToken)}`].join('&')}`)},`;
    }
    return `${head}"value":[${page.rows.join(',')}]}`;
  }

  async clearRequests(): Promise<void> {
    this.core.journal.clear();
  }

  addFault(rule: unknown): Promise<FaultRule> {
    return this.core.faults.add(rule);
  }

  listFaults(): Promise<FaultRule[]> {
    return this.core.faults.list();
  }

  removeFault(id: string): Promise<boolean> {
    return this.core.faults.remove(id);
  }

  clearFaults(): Promise<void> {
    return this.core.faults.clear();
  }
}

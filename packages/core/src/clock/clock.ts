import { durationSeconds } from '@syncemu/store';

/**
 * The emulator's clock: every timestamp syncemu writes comes from here, never from `Date.now()`
 * directly, so a test can hold time still or move it.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Moves a manual clock forward by an ISO 8601 duration (`'PT40M'`). */
  advance(duration: string): Promise<Date>;
  /** Sets a manual clock to an instant (not backwards). */
  set(date: Date | string): Promise<Date>;
  readonly kind: 'system' | 'manual';
}

export type ClockOption = 'system' | 'manual' | { kind: 'system'; timeScale?: number } | { kind: 'manual'; start?: Date | string };

export class ClockError extends Error {
  override readonly name = 'ClockError';
}

/** The instants Graph writes (Edm.DateTimeOffset as `yyyy-MM-ddTHH:mm:ssZ`): years 0001 to 9999. */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** @throws ClockError for an instant outside 0001-01-01..9999-12-31 (a clock there would write timestamps no Graph client parses). */
function inRange(ms: number, what: string): number {
  if (Number.isNaN(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
    throw new ClockError(`${what} must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.`);
  }
  return ms;
}

/**
 * A clock as the emulator holds it: a manual one can also be put back to any instant (reset and
 * snapshot restore do; the public `set` only goes forward).
 */
export interface ControllableClock extends Clock {
  /** Puts a manual clock at `instant`, forward or back, running nothing. Undefined on a system clock. */
  readonly jump?: (instant: Date) => void | Promise<void>;
  /** Reads the clock again where others may have moved it (a clock shared by servers); else undefined. */
  readonly refresh?: () => Promise<void>;
  /** A shared clock: a ticket to take before reading its record (see {@link adopt}). */
  readonly ticket?: () => number;
  /**
   * A shared clock: takes `instant` (its record, read after `ticket` was taken) as its own, writing
   * nothing, unless a newer value was taken since; false when it was older.
   */
  readonly adopt?: (instant: string, ticket: number) => boolean;
}

/** `origin`: the real instant (ms) a scaled system clock runs from (shared by servers); default now. */
export function createClock(option: ClockOption = 'system', origin?: number): ControllableClock {
  const spec = typeof option === 'string' ? { kind: option } : option;
  if (spec.kind === 'manual') return manualClock('start' in spec && spec.start !== undefined ? new Date(spec.start) : new Date());
  return systemClock(timeScaleOf(option), origin);
}

/** The time scale of a system clock option (1 unless said). */
export function timeScaleOf(option: ClockOption): number {
  const spec = typeof option === 'string' ? { kind: option } : option;
  return 'timeScale' in spec && spec.timeScale !== undefined ? spec.timeScale : 1;
}

function systemClock(timeScale: number, origin = Date.now()): Clock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new ClockError(`The time scale must be a positive number, not ${timeScale}.`);
  const now = () => new Date(origin + (Date.now() - origin) * timeScale);
  const refuse = async (): Promise<Date> => {
    throw new ClockError(`The system clock cannot be moved; create the emulator with clock: 'manual' to control time.`);
  };
  return { kind: 'system', now, advance: refuse, set: refuse };
}

function manualClock(start: Date): ControllableClock {
  if (Number.isNaN(start.getTime())) throw new ClockError('The manual clock needs a valid start date.');
  let current = inRange(start.getTime(), 'The start of the manual clock');
  return {
    kind: 'manual',
    now: () => new Date(current),
    async advance(duration: string) {
      const seconds = durationSeconds(duration);
      if (seconds === null || seconds < 0) throw new ClockError(`'${duration}' is not a non-negative ISO 8601 duration such as 'PT40M'.`);
      current = inRange(current + Math.round(seconds * 1000), `The clock, moved by '${duration}',`);
      return new Date(current);
    },
    async set(date: Date | string) {
      const target = new Date(date).getTime();
      if (Number.isNaN(target)) throw new ClockError(`'${String(date)}' is not a date.`);
      inRange(target, `The clock's time`);
      if (target < current) throw new ClockError(`The clock cannot go backwards (now ${new Date(current).toISOString()}).`);
      current = target;
      return new Date(current);
    },
    jump(instant: Date) {
      current = inRange(instant.getTime(), `The clock's time`);
    },
  };
}

/** `2024-04-12T08:59:05`: the `innerError.date` format (UTC, no fraction, no zone). */
export function errorDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/**
 * The clock an emulator exposes: moving a manual clock moves it first (at once, atomically: two
 * moves at once both count), then completes, in order and each at its own due time, every cycle
 * that fell due on the way (`runDue`), so `advance` is deterministic. The cycles never run past the
 * clock as it then stands (`runDue` reads it again under the write lock): a reset or restore that
 * puts it back meanwhile stops them there.
 */
export function controlledClock(base: ControllableClock, runDue: (until: Date) => Promise<unknown>): Clock {
  return {
    kind: base.kind,
    now: () => base.now(),
    async advance(duration: string) {
      const moved = await base.advance(duration);
      await runDue(moved);
      return moved;
    },
    async set(date: Date | string) {
      const target = new Date(date);
      if (Number.isNaN(target.getTime())) throw new ClockError(`'${String(date)}' is not a date.`);
      inRange(target.getTime(), `The clock's time`);
      const moved = await base.set(target);
      if (base.kind === 'manual') await runDue(moved);
      return moved;
    },
  };
}

/** What a manual clock shared through the database needs of its records (PostgreSQL's SharedRecords). */
export interface ClockRecords {
  get(key: string): Promise<string | undefined>;
  update(key: string, next: (current: string | undefined) => string): Promise<string>;
}

/**
 * A manual clock shared by the servers of one emulator (PostgreSQL): its instant is the record
 * `clock`. Every move is one atomic update of the record (advance adds to what it holds, so two
 * servers advancing at once both count; set refuses to go back; jump puts it anywhere: reset,
 * restore). A server takes the record as its own before each request (`adopt`, from the request's
 * poll), unless a move of its own finished after that poll began (the poll's value is older).
 */
export function sharedManualClock(local: ControllableClock, records: ClockRecords): ControllableClock {
  let issued = 0;
  let applied = 0;
  const take = (instant: string, ticket = ++issued) => {
    if (ticket < applied) return false;
    applied = ticket;
    void local.jump!(new Date(instant));
    return true;
  };
  const move = async (next: (current: Date) => Date) => {
    const kept = await records.update(CLOCK_RECORD, (current) => next(current === undefined ? local.now() : new Date(current)).toISOString());
    take(kept);
    return new Date(kept);
  };
  return {
    kind: 'manual',
    now: () => local.now(),
    async refresh() {
      const ticket = ++issued;
      const kept = await records.get(CLOCK_RECORD);
      if (kept !== undefined) take(kept, ticket);
    },
    ticket: () => ++issued,
    adopt: (instant, ticket) => take(instant, ticket),
    advance: (duration: string) =>
      move((current) => {
        const seconds = durationSeconds(duration);
        if (seconds === null || seconds < 0) throw new ClockError(`'${duration}' is not a non-negative ISO 8601 duration such as 'PT40M'.`);
        return new Date(inRange(current.getTime() + Math.round(seconds * 1000), `The clock, moved by '${duration}',`));
      }),
    set: (date: Date | string) =>
      move((current) => {
        const target = new Date(date).getTime();
        if (Number.isNaN(target)) throw new ClockError(`'${String(date)}' is not a date.`);
        inRange(target, `The clock's time`);
        if (target < current.getTime()) throw new ClockError(`The clock cannot go backwards (now ${current.toISOString()}).`);
        return new Date(target);
      }),
    async jump(instant: Date) {
      inRange(instant.getTime(), `The clock's time`);
      await move(() => instant);
    },
  };
}

/** The shared record that holds a manual clock's instant (ISO 8601, `toISOString`). */
export const CLOCK_RECORD = 'clock';

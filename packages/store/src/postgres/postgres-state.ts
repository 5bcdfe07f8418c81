import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { FaultRuleRecords, SharedRecords, SnapshotRecords, StoredFaultRule } from '../async/async-store.js';

/** A pool (a statement commits alone) or one client inside a transaction. */
export type Executor = pg.Pool | pg.ClientBase;

/** A state table: its stored columns (generated ones aside: they are computed again) and its primary key. */
interface StateTable {
  readonly name: string;
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /** A column `generated always as identity`, which a restore writes with `overriding system value`. */
  readonly identity?: string;
}

/**
 * The emulator's state, parents before children (foreign keys): what a reset empties, a snapshot
 * copies and the digest reads. Not the shared records, fault rules or snapshots themselves.
 */
export const POSTGRES_STATE_TABLES: readonly StateTable[] = [
  { name: 'settings', columns: ['key', 'value'], key: ['key'] },
  { name: 'service_principals', columns: ['id', 'app_id', 'display_name', 'registered', 'created_at'], key: ['id'] },
  { name: 'templates', columns: ['service_principal_id', 'id', 'body'], key: ['service_principal_id', 'id'] },
  { name: 'secrets', columns: ['service_principal_id', 'key', 'value'], key: ['service_principal_id', 'key'] },
  // seq (creation order) is kept too: a restore gives every job back the position it had
  { name: 'jobs', columns: ['seq', 'service_principal_id', 'id', 'template_id', 'body'], key: ['service_principal_id', 'id'], identity: 'seq' },
  { name: 'job_runs', columns: ['service_principal_id', 'job_id', 'due_at', 'state'], key: ['service_principal_id', 'job_id'] },
  { name: 'job_schemas', columns: ['service_principal_id', 'job_id', 'body'], key: ['service_principal_id', 'job_id'] },
  { name: 'job_events', columns: ['service_principal_id', 'job_id', 'slot', 'number', 'at', 'kind', 'detail'], key: ['service_principal_id', 'job_id', 'slot'] },
];

const columnList = (table: StateTable) => table.columns.map((column) => `"${column}"`).join(', ');

/**
 * Deletes a service principal and what it holds (by cascade); without one, every state table,
 * children first (each cascade then finds nothing to do). Run inside a write transaction. DELETE,
 * not TRUNCATE: a reader's repeatable-read view keeps seeing the rows it began with.
 */
export async function clearState(run: Executor, servicePrincipalId?: string): Promise<void> {
  if (servicePrincipalId !== undefined) {
    await run.query('delete from service_principals where id = $1', [servicePrincipalId]);
    return;
  }
  for (const table of [...POSTGRES_STATE_TABLES].reverse()) await run.query(`delete from ${table.name}`);
}

/** Rows fetched at a time by the digest's cursor. */
const DIGEST_BATCH = 1000;

/**
 * A SHA-256 of every row of every state table in primary-key order (texts in the binary
 * collation: the same order on any server), each row as the JSON of its stored columns. Run on a
 * client inside one (repeatable read) transaction: it reads through a cursor, a batch at a time.
 */
export async function digestState(client: pg.ClientBase): Promise<string> {
  const hash = createHash('sha256');
  for (const table of POSTGRES_STATE_TABLES) {
    hash.update(`table ${table.name}\n`);
    await client.query(`declare state_rows no scroll cursor for select ${columnList(table)} from ${table.name} order by ${table.key.map((c) => `"${c}"`).join(', ')}`);
    for (;;) {
      const batch = await client.query({ text: `fetch ${DIGEST_BATCH} from state_rows`, rowMode: 'array' });
      for (const row of batch.rows as unknown[][]) {
        hash.update(JSON.stringify(row));
        hash.update('\n');
      }
      if (batch.rows.length < DIGEST_BATCH) break;
    }
    await client.query('close state_rows');
  }
  return hash.digest('hex');
}

/**
 * The records many servers of one emulator share (table `shared_records`): each call one
 * statement on the pool, outside the write lock (a server holding it may be waiting for one).
 */
export function sharedRecords(pool: pg.Pool): SharedRecords {
  return {
    get: async (key) => (await pool.query<{ value: string }>('select value from shared_records where key = $1', [key])).rows[0]?.value,
    setIfAbsent: async (key, value) => {
      for (;;) {
        const inserted = await pool.query<{ value: string }>('insert into shared_records (key, value) values ($1, $2) on conflict (key) do nothing returning value', [key, value]);
        if (inserted.rows[0]) return inserted.rows[0].value;
        // another server's value was there first (committed before this statement ended: the next one sees it)
        const kept = (await pool.query<{ value: string }>('select value from shared_records where key = $1', [key])).rows[0];
        if (kept) return kept.value;
      }
    },
    update: async (key, next) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        // the row exists before it is locked: a first update by two servers at once cannot both insert
        await client.query('insert into shared_records (key, value) values ($1, $2) on conflict (key) do nothing', [key, '']);
        const current = (await client.query<{ value: string }>('select value from shared_records where key = $1 for update', [key])).rows[0]?.value;
        const value = next(current === '' ? undefined : current);
        await client.query('update shared_records set value = $2 where key = $1', [key, value]);
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch((failed: Error) => (broken = failed));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    increment: async (key, n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`A counter grows by a whole number, not ${n}.`);
      // one statement: the row lock of ON CONFLICT DO UPDATE makes concurrent increments add up
      const { rows } = await pool.query<{ value: string }>(
        `insert into shared_records (key, value) values ($1, $2::bigint::text)
         on conflict (key) do update set value = (shared_records.value::bigint + excluded.value::bigint)::text
         returning value`,
        [key, String(n)],
      );
      return Number(rows[0]!.value);
    },
  };
}

/** Fault rules shared by an emulator's servers (table `fault_rules`): lone statements on the pool, outside the write lock. */
export function faultRuleRecords(pool: pg.Pool): FaultRuleRecords {
  return {
    add: async (servicePrincipalId, rule, remaining) => {
      if (remaining !== null && (!Number.isSafeInteger(remaining) || remaining < 0)) throw new RangeError(`A fault rule's uses left is a whole number from 0, not ${remaining}.`);
      const { rows } = await pool.query<{ id: string }>('insert into fault_rules (service_principal_id, rule, remaining) values ($1, $2, $3) returning id', [servicePrincipalId, rule, remaining]);
      return Number(rows[0]!.id);
    },
    list: async () => {
      const { rows } = await pool.query<{ id: string; service_principal_id: string | null; rule: string; remaining: number | null }>(
        'select id, service_principal_id, rule, remaining from fault_rules order by id',
      );
      return rows.map((row): StoredFaultRule => ({ id: Number(row.id), servicePrincipalId: row.service_principal_id, rule: row.rule, remaining: row.remaining }));
    },
    spend: async (id) => {
      // one statement: a rule with uses left loses one under its row lock (concurrent spenders wait,
      // then see the count they left); a rule without a count is always there to apply
      const { rows } = await pool.query<{ spent: boolean }>(
        `with spent as (update fault_rules set remaining = remaining - 1 where id = $1 and remaining > 0 returning id)
         select exists (select 1 from spent) or exists (select 1 from fault_rules where id = $1 and remaining is null) as spent`,
        [id],
      );
      return rows[0]!.spent;
    },
    remove: async (id) => ((await pool.query('delete from fault_rules where id = $1', [id])).rowCount ?? 0) > 0,
    clear: async (servicePrincipalId) => {
      if (servicePrincipalId === undefined) await pool.query('delete from fault_rules');
      else await pool.query('delete from fault_rules where service_principal_id = $1', [servicePrincipalId]);
    },
  };
}

/** Runs `work` as one write transaction (under the write lock) on a client. */
export type WriteSession = <T>(work: (client: pg.ClientBase) => Promise<T>) => Promise<T>;

/**
 * Snapshots as copies in the same database: a `snapshots` row (name, meta) and, for each state
 * table, its rows in `snapshot_<table>` after the snapshot's name. A copy and a restore are each one
 * write transaction: a restore replaces the whole state with the copy, every stored column as it
 * was (jobs' `seq` too; generated columns computed again).
 */
export function snapshotRecords(write: WriteSession, pool: pg.Pool): SnapshotRecords {
  return {
    create: (name, meta) =>
      write(async (client) => {
        // the one of the same name goes, its copies with it (on delete cascade)
        await client.query('delete from snapshots where name = $1', [name]);
        await client.query('insert into snapshots (name, meta) values ($1, $2)', [name, meta]);
        for (const table of POSTGRES_STATE_TABLES) {
          const columns = columnList(table);
          await client.query(`insert into snapshot_${table.name} (snapshot_name, ${columns}) select $1, ${columns} from ${table.name}`, [name]);
        }
      }),
    list: async () => (await pool.query<{ name: string; meta: string }>('select name, meta from snapshots order by name')).rows,
    restore: (name) =>
      write(async (client) => {
        // FOR SHARE: the snapshot cannot be deleted or replaced while it is copied back
        const found = (await client.query<{ meta: string }>('select meta from snapshots where name = $1 for share', [name])).rows[0];
        if (!found) return undefined;
        await clearState(client);
        for (const table of POSTGRES_STATE_TABLES) {
          const columns = columnList(table);
          const overriding = table.identity ? ' overriding system value' : '';
          await client.query(`insert into ${table.name} (${columns})${overriding} select ${columns} from snapshot_${table.name} where snapshot_name = $1`, [name]);
          if (table.identity) {
            // the identity goes on after every restored value (a sequence never goes back: it is not transactional)
            const sequence = `pg_get_serial_sequence('${table.name}', '${table.identity}')`;
            await client.query(
              `select setval(${sequence}, last) from (select greatest((select max("${table.identity}") from ${table.name}), pg_sequence_last_value(${sequence}::regclass)) as last) as kept where last is not null`,
            );
          }
        }
        return found.meta;
      }),
    delete: (name) => write(async (client) => ((await client.query('delete from snapshots where name = $1', [name])).rowCount ?? 0) > 0),
  };
}

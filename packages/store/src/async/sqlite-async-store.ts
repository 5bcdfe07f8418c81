import type { Store } from '../store.js';
import type { AsyncRepositories, AsyncStore } from './async-store.js';

/**
 * The synchronous SQLite store behind the async interface. `work` of a transaction must use its
 * handle only: a call of the store itself from inside it waits for the transaction to end. better-sqlite3 cannot await inside its
 * `transaction()`, so a transaction is BEGIN IMMEDIATE … COMMIT run by hand, and one promise chain
 * (a mutex) keeps every other call of this store out until it ends.
 */
export interface SqliteAsyncStore extends AsyncStore {
  readonly kind: 'sqlite';
  /** The synchronous store underneath. Call it only through {@link exclusive} while others may use this one. */
  readonly sqlite: Store;
  /** Runs synchronous `work` on the SQLite store between this store's transactions (snapshots, restores). */
  exclusive<T>(work: (store: Store) => T): Promise<T>;
}

export function openSqliteAsyncStore(store: Store): SqliteAsyncStore {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  const repositories: AsyncRepositories = {
    jobs: {
      insert: async (sp, job) => store.jobs.insert(sp, job),
      upsert: async (sp, job) => store.jobs.upsert(sp, job),
      get: async (sp, id, selection) => store.jobs.get(sp, id, selection),
      exists: async (sp, id) => store.jobs.exists(sp, id),
      replaceBody: async (sp, id, body) => store.jobs.replaceBody(sp, id, body),
      delete: async (sp, id) => store.jobs.delete(sp, id),
      listPage: async (sp, query, options) => store.jobs.listPage(sp, query, options),
      count: async (sp, query, context) => store.jobs.count(sp, query, context),
      explain: async (sp, query, options) => store.jobs.explain(sp, query, options),
    },
    servicePrincipals: {
      get: async (id) => store.servicePrincipals.get(id),
      ids: async () => store.servicePrincipals.ids(),
      summaries: async () => store.servicePrincipals.summaries(),
      ensure: async (id, createdAt) => store.servicePrincipals.ensure(id, createdAt),
      upsert: async (row, createdAt) => store.servicePrincipals.upsert(row, createdAt),
      upsertTemplate: async (sp, id, body) => store.servicePrincipals.upsertTemplate(sp, id, body),
      templates: async (sp) => store.servicePrincipals.templates(sp),
      upsertSecret: async (sp, key, value) => store.servicePrincipals.upsertSecret(sp, key, value),
      replaceSecrets: async (sp, secrets) => store.servicePrincipals.replaceSecrets(sp, secrets),
      secrets: async (sp) => store.servicePrincipals.secrets(sp),
    },
    runs: {
      get: async (sp, id) => store.runs.get(sp, id),
      put: async (row) => store.runs.put(row),
      nextDue: async (until) => store.runs.nextDue(until),
      hasDue: async (until) => store.runs.hasDue(until),
      schema: async (sp, id) => store.runs.schema(sp, id),
      putSchema: async (sp, id, body) => store.runs.putSchema(sp, id, body),
      deleteSchema: async (sp, id) => store.runs.deleteSchema(sp, id),
    },
    events: {
      record: async (sp, id, event) => store.events.record(sp, id, event),
      list: async (sp, id) => store.events.list(sp, id),
    },
    state: {
      clear: async (sp) => store.state.clear(sp),
      jobCount: async () => store.state.jobCount(),
    },
    getSetting: async (key) => store.getSetting(key),
    setSetting: async (key, value) => store.setSetting(key, value),
  };
  /** Each call of `group` goes through `wrap`. */
  const wrapped = <R extends object>(group: R, wrap: (call: () => Promise<unknown>) => Promise<unknown>): R =>
    Object.fromEntries(Object.entries(group).map(([name, call]) => [name, (...args: unknown[]) => wrap(() => (call as (...a: unknown[]) => Promise<unknown>)(...args))])) as R;
  /** Each call waits for a running transaction to end. */
  const guarded = <R extends object>(group: R): R => wrapped(group, exclusive);
  /** A transaction's handle: refused once its transaction ended (its calls would bypass the queue). */
  const handleOf = (isOpen: () => boolean): AsyncRepositories => {
    const check = (call: () => Promise<unknown>) => (isOpen() ? call() : Promise.reject(new Error('A transaction handle was used after its transaction ended.')));
    return {
      jobs: wrapped(repositories.jobs, check),
      servicePrincipals: wrapped(repositories.servicePrincipals, check),
      runs: wrapped(repositories.runs, check),
      events: wrapped(repositories.events, check),
      state: wrapped(repositories.state, check),
      getSetting: (key) => check(() => repositories.getSetting(key)) as Promise<string | undefined>,
      setSetting: (key, value) => check(() => repositories.setSetting(key, value)) as Promise<void>,
    };
  };
  /** One write transaction (BEGIN IMMEDIATE … COMMIT by hand); call inside `exclusive`. */
  const write = async <T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T> => {
    store.beginWrite();
    let open = true;
    try {
      const result = await work(handleOf(() => open));
      store.endWrite(true);
      return result;
    } catch (error) {
      // the work threw, or COMMIT failed: nothing of it stays
      store.endWrite(false);
      throw error;
    } finally {
      open = false;
    }
  };
  return {
    kind: 'sqlite',
    sqlite: store,
    exclusive: (work) => exclusive(async () => work(store)),
    jobs: guarded(repositories.jobs),
    servicePrincipals: guarded(repositories.servicePrincipals),
    runs: guarded(repositories.runs),
    events: guarded(repositories.events),
    state: guarded(repositories.state),
    getSetting: (key) => exclusive(() => repositories.getSetting(key)),
    setSetting: (key, value) => exclusive(() => repositories.setSetting(key, value)),
    transaction: (work) => exclusive(() => write(work)),
    replaceState: (work) =>
      exclusive(async () => {
        // whole tables emptied children first: SQLite truncates them instead of cascading row by row
        store.foreignKeys(false);
        try {
          return await write(work);
        } finally {
          store.foreignKeys(true);
        }
      }),
    read: (work) =>
      exclusive(async () => {
        store.beginRead();
        let open = true;
        try {
          return await work(handleOf(() => open));
        } finally {
          open = false;
          store.endRead();
        }
      }),
    digest: () => exclusive(async () => store.digest()),
    close: () => exclusive(async () => store.close()),
  };
}

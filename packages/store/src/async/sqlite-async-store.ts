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
  // The mutex: taken at once when free (no promise: a request that finds the store idle pays
  // nothing), else queued. One holder at a time: a transaction, a read, or a lone call.
  let locked = false;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else locked = false;
  };
  const holding = <T>(work: () => Promise<T>): Promise<T> => {
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    return running.then(
      (value) => {
        release();
        return value;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  };
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (!locked) {
      locked = true;
      return holding(work);
    }
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => holding(work));
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
  /** Each call of `group` goes through `wrap` (built once). */
  const wrapped = <R extends object>(group: R, wrap: (call: () => Promise<unknown>) => Promise<unknown>): R =>
    Object.fromEntries(Object.entries(group).map(([name, call]) => [name, (...args: unknown[]) => wrap(() => (call as (...a: unknown[]) => Promise<unknown>)(...args))])) as R;
  /** Each call waits for a running transaction to end. */
  const guarded = <R extends object>(group: R): R => wrapped(group, exclusive);
  /**
   * The prototypes of a transaction's handle, built once: each call checks that its own
   * transaction (`this.session`) is still open, since a call after the end would bypass the mutex.
   */
  interface Session {
    open: boolean;
  }
  const refused = () => Promise.reject(new Error('A transaction handle was used after its transaction ended.'));
  const prototypeOf = (group: object): object =>
    Object.fromEntries(
      Object.entries(group).map(([name, call]) => [
        name,
        function (this: { session: Session }, ...args: unknown[]) {
          return this.session.open ? (call as (...a: unknown[]) => Promise<unknown>)(...args) : refused();
        },
      ]),
    );
  const prototypes = {
    jobs: prototypeOf(repositories.jobs),
    servicePrincipals: prototypeOf(repositories.servicePrincipals),
    runs: prototypeOf(repositories.runs),
    events: prototypeOf(repositories.events),
    state: prototypeOf(repositories.state),
  };
  const part = <T>(prototype: object, session: Session): T => {
    const group = Object.create(prototype) as { session: Session };
    group.session = session;
    return group as T;
  };
  /** A transaction's handle: refused once its transaction ended. */
  const handleOf = (session: Session): AsyncRepositories => ({
    jobs: part(prototypes.jobs, session),
    servicePrincipals: part(prototypes.servicePrincipals, session),
    runs: part(prototypes.runs, session),
    events: part(prototypes.events, session),
    state: part(prototypes.state, session),
    getSetting: (key) => (session.open ? repositories.getSetting(key) : refused()),
    setSetting: (key, value) => (session.open ? repositories.setSetting(key, value) : refused()),
  });
  /** One write transaction (BEGIN IMMEDIATE … COMMIT by hand); call inside `exclusive`. */
  const write = async <T>(work: (tx: AsyncRepositories) => Promise<T>): Promise<T> => {
    store.beginWrite();
    const session = { open: true };
    try {
      const result = await work(handleOf(session));
      store.endWrite(true);
      return result;
    } catch (error) {
      // the work threw, or COMMIT failed: nothing of it stays
      store.endWrite(false);
      throw error;
    } finally {
      session.open = false;
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
        const session = { open: true };
        try {
          return await work(handleOf(session));
        } finally {
          session.open = false;
          store.endRead();
        }
      }),
    digest: () => exclusive(async () => store.digest()),
    close: () => exclusive(async () => store.close()),
  };
}

import { compiledOnce, type Connection } from '../database/sqlite.js';
import { JOB_EVENTS_KEPT } from '../database/migrations.js';

/** One event of a job's life, as stored: `detail` is JSON text owned by the lifecycle code. */
export interface JobEventRow {
  /** The job's events are numbered from 0, in the order they happened. */
  readonly number: number;
  readonly at: string;
  readonly kind: string;
  readonly detail: string;
}

/**
 * The last {@link JOB_EVENTS_KEPT} events of each job, a ring: event `number` replaces the one in
 * slot `number % JOB_EVENTS_KEPT`, so recording one is one statement, with no DELETE of older ones.
 * The caller keeps the count of a job's events (the lifecycle keeps it in the run state, which it
 * writes in the same transaction).
 */
export class EventRepository {
  constructor(private readonly connection: Connection) {}

  /** Recording runs with every cycle: its SQL is compiled once, as the run statements are. */
  private readonly sqlOf = compiledOnce({
    record: (db) =>
      db.replaceInto('job_events').values({ service_principal_id: '', job_id: '', slot: 0, number: 0, at: '', kind: '', detail: '' }),
    list: (db) =>
      db
        .selectFrom('job_events')
        .select(['number', 'at', 'kind', 'detail'])
        .where('service_principal_id', '=', '')
        .where('job_id', '=', '')
        .orderBy('number'),
  });

  /** Records event `number` of a job (replacing the event {@link JOB_EVENTS_KEPT} before it). */
  record(servicePrincipalId: string, jobId: string, event: JobEventRow): void {
    const { number, at, kind, detail } = event;
    this.connection.run({ sql: this.sqlOf('record', this.connection), parameters: [servicePrincipalId, jobId, number % JOB_EVENTS_KEPT, number, at, kind, detail] });
  }

  /** A job's kept events, oldest first. */
  list(servicePrincipalId: string, jobId: string): JobEventRow[] {
    return this.connection.all<JobEventRow>({ sql: this.sqlOf('list', this.connection), parameters: [servicePrincipalId, jobId] });
  }
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, get, jobsPath, type Job, type Outcome, type Timeline } from './api.js';
import type { Version } from './app.js';
import { TimelineView } from './timeline-view.js';
import { usePoll } from './use-poll.js';

interface Props {
  readonly servicePrincipal: string;
  readonly version: Version;
  readonly jobId: string | undefined;
  /** Bumped after a change elsewhere on the page (the clock moved): read again at once. */
  readonly changes: number;
  readonly onChanged: () => void;
  /** Off while fault rules are set: reading the job by itself would spend them. */
  readonly autoRefresh: boolean;
}

/** What the plan buttons add: the outcome of one more cycle. */
const PLANNED: ReadonlyArray<{ readonly label: string; readonly testId: string; readonly outcome: Outcome }> = [
  { label: 'succeeds', testId: 'plan-succeed', outcome: { result: 'succeeded' } },
  { label: 'entry-level errors', testId: 'plan-errors', outcome: { result: 'entryLevelErrors', counts: { countExported: 8, countEscrowed: 2 } } },
  { label: 'fails → quarantine', testId: 'plan-fail', outcome: { result: 'failed', quarantineReason: 'EncounteredQuarantineException' } },
];

/**
 * The selected job: its JSON (a GET, as a client gets it), its timeline of cycles, the actions of
 * the API (start, pause, restart) and the planned outcomes of its next cycles. The timeline
 * (a control route) is polled each second; the job is read again only when it moved.
 */
export function JobPanel({ servicePrincipal, version, jobId, changes, onChanged, autoRefresh }: Props) {
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [timeline, setTimeline] = useState<Timeline | undefined>(undefined);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const seen = useRef('');
  const jobUrl = jobId === undefined ? '' : `/${version}${jobsPath(servicePrincipal)}/${encodeURIComponent(jobId)}`;
  const controlUrl = jobId === undefined ? '' : `/_syncemu/servicePrincipals/${encodeURIComponent(servicePrincipal)}/jobs/${encodeURIComponent(jobId)}`;

  /** Reads the timeline (a control route); the job itself (a Graph GET) when asked or when the timeline moved and auto-refresh is on. */
  const refresh = async (force: boolean, isCurrent: () => boolean = () => true) => {
    if (jobId === undefined) return;
    const next = await get<Timeline>(`${controlUrl}/timeline`);
    if (!isCurrent()) return;
    setTimeline(next);
    const last = next.value[next.value.length - 1];
    const mark = `${jobUrl}|${last?.number ?? -1}|${next.cycle?.completes ?? ''}|${next.outcomes.length}`;
    if (force || (mark !== seen.current && autoRefresh)) {
      const body = (await call<Job>('GET', jobUrl)).body;
      if (!isCurrent()) return;
      seen.current = mark;
      setJob(body);
    }
  };
  // another job (or version): nothing of the one before stays on screen
  useEffect(() => {
    setJob(undefined);
    setTimeline(undefined);
    setMessage('');
    seen.current = '';
  }, [jobId, servicePrincipal, version]);
  usePoll((isCurrent) => refresh(false, isCurrent), 1000, [jobId, servicePrincipal, version, changes, autoRefresh]);

  const act = async (what: string, send: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    try {
      await send();
      setMessage(`${what}: done`);
      await refresh(true);
      onChanged();
    } catch (error) {
      setMessage(error instanceof ApiError ? `${what}: ${error.status} ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  };

  /** Adds one outcome to the plan as the server has it now (not as this page last read it). */
  const addOutcome = async (outcome: Outcome) => {
    const current = await get<Timeline>(`${controlUrl}/timeline`);
    await call('PUT', `${controlUrl}/plan`, { outcomes: [...current.outcomes, outcome] });
  };

  if (jobId === undefined) {
    return (
      <div>
        <h2>Job</h2>
        <p class="muted">Select a job in the results (include its id in $select) to see it live.</p>
        <pre data-testid="job" />
        <ol data-testid="timeline" />
      </div>
    );
  }
  const plan = timeline?.outcomes ?? [];
  return (
    <div>
      <h2>
        Job <code class="id">{jobId}</code>
      </h2>
      <div class="toolbar">
        <button data-testid="job-start" disabled={busy} onClick={() => void act('start', () => call('POST', `${jobUrl}/start`))}>
          Start
        </button>
        <button data-testid="job-pause" disabled={busy} onClick={() => void act('pause', () => call('POST', `${jobUrl}/pause`))}>
          Pause
        </button>
        <button data-testid="job-restart" disabled={busy} onClick={() => void act('restart', () => call('POST', `${jobUrl}/restart`, { criteria: { resetScope: 'Full' } }))}>
          Restart (Full)
        </button>
        <button data-testid="job-refresh" disabled={busy} onClick={() => void refresh(true)}>
          Refresh
        </button>
        <span data-testid="job-message" class="muted">
          {message}
        </span>
      </div>
      <p>
        Status <strong data-testid="job-status">{job?.status?.code ?? ''}</strong>, schedule <strong data-testid="job-schedule">{job?.schedule?.state ?? ''}</strong>
        {job?.status?.quarantine ? ` (quarantined: ${job.status.quarantine.reason})` : ''}
      </p>
      <h3>Next cycles</h3>
      <div class="toolbar">
        {PLANNED.map(({ label, testId, outcome }) => (
          <button key={testId} data-testid={testId} disabled={busy} onClick={() => void act(`plan ${label}`, () => addOutcome(outcome))}>
            + {label}
          </button>
        ))}
        <button data-testid="plan-clear" disabled={busy || plan.length === 0} onClick={() => void act('plan cleared', () => call('PUT', `${controlUrl}/plan`, { outcomes: [] }))}>
          Clear
        </button>
      </div>
      <ol data-testid="plan" class="plan">
        {plan.map((outcome, index) => (
          <li key={index}>
            {outcome.result}
            {outcome.repeat ? ` ×${outcome.repeat}` : ''}
            {outcome.quarantineReason ? ` (${outcome.quarantineReason})` : ''}
          </li>
        ))}
      </ol>
      <p class="muted">
        {plan.length === 0 ? `Then: every cycle ${timeline?.default.result ?? 'succeeded'}.` : `Then: ${timeline?.default.result ?? 'succeeded'}.`}
        {timeline?.cycle ? ` ${timeline.cycle.kind === 'initial' ? 'An initial' : 'An incremental'} cycle began ${timeline.cycle.began}, completes ${timeline.cycle.completes}.` : ' No cycle in progress.'}
      </p>
      <h3>Timeline</h3>
      <TimelineView events={timeline?.value ?? []} />
      <h3>JSON</h3>
      {!autoRefresh && <p class="muted">Fault rules are set: the JSON is read again only on Refresh (each read is a request the rules would answer).</p>}
      <pre data-testid="job" class="raw">
        {job ? JSON.stringify(job, null, 2) : ''}
      </pre>
    </div>
  );
}

/**
 * The fixture of the query conformance suite: 48 jobs of one service principal (`SP`), chosen so
 * that every part of the job model takes several values, null included, and 4 jobs of another
 * service principal (`SP_OTHER`) that match most queries and must never appear in `SP`'s answers.
 *
 * Every job is written out in full (no property left to seeding defaults), so the expected
 * answers of the cases can be computed from these objects directly; a test checks that the
 * emulator serves them back unchanged.
 */

export const SP = '3f9d2c1a-7b6e-4d5c-8a9b-0c1d2e3f4a5b';
export const SP_OTHER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const TENANT_ID = '0b5e2f0e-1c5a-4c7b-8a0e-1f2d3c4b5a69';
/** The manual clock's time: what `now()` is in every case. */
export const NOW = '2025-06-15T12:00:00.000Z';
export const NEVER = '0001-01-01T00:00:00Z';

export type StatusCode = 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';
export type ScheduleState = 'Active' | 'Disabled' | 'Paused';
export type ExecutionState = 'Succeeded' | 'Failed' | 'EntryLevelErrors';
export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'Unknown'
  | 'QuarantinedOnDemand'
  | 'TooManyDeletes'
  | 'IngestionInterrupted';

export interface SyncError {
  code: string | null;
  message: string | null;
  tenantActionable: boolean;
}

export interface Execution {
  activityIdentifier: string | null;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SyncError | null;
  state: ExecutionState;
  timeBegan: string;
  timeEnded: string;
}

export interface Quarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: QuarantineReason;
  seriesBegan: string;
  seriesCount: number;
  error: SyncError | null;
}

export interface Progress {
  completedUnits: number;
  progressObservationDateTime: string;
  totalUnits: number;
  units: string | null;
}

export interface KeyLong {
  key: string | null;
  value: number;
}

export interface Setting {
  name: string;
  value: string | null;
}

export interface Job {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: ScheduleState };
  status: {
    code: StatusCode;
    countSuccessiveCompleteFailures: number;
    escrowsPruned: boolean;
    lastExecution: Execution | null;
    lastSuccessfulExecution: Execution | null;
    lastSuccessfulExecutionWithExports: Execution | null;
    progress: Progress[] | null;
    quarantine: Quarantine | null;
    steadyStateFirstAchievedTime: string;
    steadyStateLastAchievedTime: string;
    synchronizedEntryCountByType: KeyLong[] | null;
    troubleshootingUrl: string | null;
  };
  synchronizationJobSettings: Setting[] | null;
}

/** The longest duration Graph writes (TimeSpan.MaxValue). */
export const MAX_INTERVAL = 'P10675199DT2H48M5.4775807S';

const THRESHOLD: Setting = { name: 'QuarantineTooManyDeletesThreshold', value: '500' };

function error(code: string | null, message: string | null, tenantActionable = false): SyncError {
  return { code, message, tenantActionable };
}

/** A synchronizationTaskExecution; the counts derive from `n` so that they differ from job to job. */
function exec(state: ExecutionState, timeBegan: string, timeEnded: string, n: number, err: SyncError | null = null, activityIdentifier: string | null = null): Execution {
  return {
    activityIdentifier,
    countEntitled: n * 3,
    countEntitledForProvisioning: n * 2,
    countEscrowed: n % 4,
    countEscrowedRaw: n % 5,
    countExported: n * 5,
    countExports: n,
    countImported: n * 7,
    countImportedDeltas: n % 3,
    countImportedReferenceDeltas: n % 2,
    error: err,
    state,
    timeBegan,
    timeEnded,
  };
}

function quarantine(reason: QuarantineReason, began: string, nextAttempt: string, seriesCount: number, err: SyncError | null = null): Quarantine {
  return { currentBegan: began, nextAttempt, reason, seriesBegan: began, seriesCount, error: err };
}

function progress(completedUnits: number, totalUnits: number, units: string | null, at: string): Progress {
  return { completedUnits, progressObservationDateTime: at, totalUnits, units };
}

interface Spec {
  t: string;
  code: StatusCode;
  fails?: number;
  pruned?: boolean;
  interval?: string;
  state?: ScheduleState;
  expiration?: string | null;
  last?: Execution | null;
  lastOk?: Execution | null;
  lastOkExports?: Execution | null;
  quarantine?: Quarantine | null;
  progress?: Progress[] | null;
  counts?: KeyLong[] | null;
  settings?: Setting[] | null;
  url?: string | null;
  steady?: readonly [string, string];
}

function job(id: string, spec: Spec): Job {
  return {
    id,
    templateId: spec.t,
    schedule: { expiration: spec.expiration ?? null, interval: spec.interval ?? 'PT40M', state: spec.state ?? 'Disabled' },
    status: {
      code: spec.code,
      countSuccessiveCompleteFailures: spec.fails ?? 0,
      escrowsPruned: spec.pruned ?? false,
      lastExecution: spec.last ?? null,
      lastSuccessfulExecution: spec.lastOk ?? null,
      lastSuccessfulExecutionWithExports: spec.lastOkExports ?? null,
      progress: spec.progress === undefined ? [] : spec.progress,
      quarantine: spec.quarantine ?? null,
      steadyStateFirstAchievedTime: spec.steady?.[0] ?? NEVER,
      steadyStateLastAchievedTime: spec.steady?.[1] ?? NEVER,
      synchronizedEntryCountByType: spec.counts === undefined ? [] : spec.counts,
      troubleshootingUrl: spec.url ?? null,
    },
    synchronizationJobSettings: spec.settings === undefined ? [THRESHOLD] : spec.settings,
  };
}

const badCredentials = error('SalesforceInvalidCredentials', "Your credentials aren't valid.", true);
const badCredentialsCase = error('SALESFORCEINVALIDCREDENTIALS', 'Your credentials are invalid.', true);
const tooManyDeletes = error('TooManyDeletes', 'The job would delete 612 users; the threshold is 500.', true);
const escrow = error('EscrowThresholdExceeded', 'Too many escrows: "users" 40%.', false);
const unicodeError = error('Ünïcödé', 'Fehler beim Zugriff auf „Straße“ ✓ 😀', false);
const slashes = error('Path/With/Slashes', 'a/b & c+d = 100% #1?', false);

/** The jobs of `SP`, ids `j01`…`j48` (so id order is numeric order). */
export const JOBS: readonly Job[] = [
  job('j01', {
    t: 'scim', code: 'Active', interval: 'PT40M', state: 'Active',
    last: exec('Succeeded', '2025-06-15T11:20:00Z', '2025-06-15T11:21:30.5Z', 12, null, 'a1'),
    lastOk: exec('Succeeded', '2025-06-15T11:20:00Z', '2025-06-15T11:21:30.5Z', 12, null, 'a1'),
    lastOkExports: exec('Succeeded', '2025-06-15T10:40:00Z', '2025-06-15T10:41:00Z', 9, null, 'a0'),
    counts: [{ key: 'user to user', value: 120 }, { key: 'group to group', value: 8 }],
    steady: ['2025-01-10T08:00:00Z', '2025-06-15T11:21:30.5Z'],
  }),
  job('j02', { t: 'scim', code: 'Paused', settings: [] }),
  job('j03', {
    t: 'SCIM', code: 'Quarantine', fails: 4, state: 'Active',
    last: exec('Failed', '2025-06-15T11:20:00.1234567Z', '2025-06-15T11:20:05Z', 0, badCredentials),
    quarantine: quarantine('EncounteredQuarantineException', '2025-06-14T09:00:00Z', '2025-06-15T13:00:00Z', 4, badCredentials),
    url: 'https://go.microsoft.com/fwlink/?linkid=2007117',
  }),
  job('j04', {
    t: 'Scim', code: 'NotRun', interval: 'PT1H', state: 'Active',
    progress: [progress(10, 100, 'users', '2025-06-15T11:59:00Z')],
  }),
  job('j05', { t: 'customappsso', code: 'NotConfigured', settings: [], counts: null, progress: null }),
  job('j06', {
    t: 'Azure2Azure', code: 'Active', interval: 'PT60M', state: 'Active', expiration: '2026-01-01T00:00:00+01:00',
    last: exec('EntryLevelErrors', '2025-06-15T11:20:00.1234Z', '2025-06-15T11:22:00Z', 30, error('EntryLevelErrors', '3 entries failed', false), 'b7'),
    lastOk: exec('Succeeded', '2025-06-15T10:20:00Z', '2025-06-15T10:21:00Z', 25),
    counts: [{ key: 'User to user', value: 500 }],
    settings: [{ name: 'AzureIngestionAttributeOptimization', value: 'true' }, { name: 'Domain', value: null }, THRESHOLD],
    steady: ['2024-12-01T00:00:00Z', '2025-06-15T10:21:00Z'],
  }),
  job('j07', {
    t: 'AD2AADProvisioning', code: 'Active', interval: 'PT20M', state: 'Active',
    last: exec('Succeeded', '2025-06-15T13:20:00+02:00', '2025-06-15T13:25:00+02:00', 40),
    lastOk: exec('Succeeded', '2025-06-15T13:20:00+02:00', '2025-06-15T13:25:00+02:00', 40),
    progress: [progress(50, 50, 'objects', '2025-06-15T11:25:00Z'), progress(0, 10, 'groups', '2025-06-15T11:25:00Z')],
    counts: [{ key: 'user to user', value: 3 }, { key: 'contact to contact', value: 0 }],
    settings: [],
    steady: ['2025-06-01T00:00:00.5Z', '2025-06-15T11:25:00Z'],
  }),
  job('j08', {
    t: 'scim', code: 'Quarantine', fails: 1, pruned: true, state: 'Active',
    last: exec('Failed', '2025-06-15T06:20:00-05:00', '2025-06-15T06:21:00-05:00', 2, tooManyDeletes),
    quarantine: quarantine('TooManyDeletes', '2025-06-15T11:21:00Z', '2025-06-15T12:21:00Z', 1, tooManyDeletes),
  }),
  job('j09', { t: 'aws', code: 'Paused', interval: 'P1D', state: 'Paused', pruned: true, url: "https://example.com/it's" }),
  job('j10', {
    t: 'slack', code: 'Active', interval: 'PT3600S', state: 'Active',
    last: exec('Succeeded', '2025-06-14T23:59:59.9999999Z', '2025-06-15T00:00:00.0000001Z', 7),
    lastOk: exec('Succeeded', '2025-06-14T23:59:59.9999999Z', '2025-06-15T00:00:00.0000001Z', 7),
    counts: [{ key: "o'brien", value: 1 }],
  }),
  job('j11', {
    t: 'gsuite', code: 'NotRun', interval: MAX_INTERVAL, state: 'Active',
    progress: [progress(0, 0, null, '2025-06-15T11:59:59Z')],
    settings: [{ name: 'domain', value: 'contoso.com' }],
  }),
  job('j12', {
    t: 'gitHubEnterpriseCloud', code: 'Paused', fails: 2, interval: 'PT40M', state: 'Paused',
    last: exec('Failed', '2025-06-10T08:00:00Z', '2025-06-10T08:00:01Z', 1, badCredentialsCase),
    url: 'HTTPS://EXAMPLE.COM/Troubleshoot',
  }),
  job('j13', {
    t: 'BoxOutDelta', code: 'Quarantine', fails: 7, state: 'Active',
    last: exec('Failed', '2025-06-15T00:30:00+01:00', '2025-06-15T00:31:00+01:00', 3, escrow),
    quarantine: quarantine('EncounteredBaseEscrowThreshold', '2025-06-12T00:00:00Z', '2025-06-16T00:00:00Z', 7, escrow),
    progress: [],
  }),
  job('j14', { t: 'SfSandboxOutDelta', code: 'NotConfigured', interval: 'PT1M', settings: null }),
  job('j15', {
    t: 'API2AAD', code: 'Active', interval: 'PT2H30M', state: 'Active',
    last: exec('Succeeded', '2024-02-29T12:00:00Z', '2024-02-29T12:30:00Z', 100),
    lastOk: exec('Succeeded', '2024-02-29T12:00:00Z', '2024-02-29T12:30:00Z', 100),
    lastOkExports: exec('Succeeded', '2024-02-29T12:00:00Z', '2024-02-29T12:30:00Z', 100),
    counts: [{ key: 'user to user', value: 9007199254740991 }],
    steady: ['2024-02-29T12:30:00Z', '2024-02-29T12:30:00Z'],
  }),
  job('j16', { t: 'AD2AADPasswordHash', code: 'Paused', interval: 'P1DT12H', state: 'Disabled', expiration: '2025-12-31T23:59:59.999Z' }),
  job('j17', {
    t: 'scimV2', code: 'Active', interval: 'PT0.5S', state: 'Active',
    last: exec('Succeeded', '2025-06-15T11:20:00.5Z', '2025-06-15T11:20:01Z', 4, null, 'c3'),
    lastOk: exec('Succeeded', '2025-06-15T11:20:00.5Z', '2025-06-15T11:20:01Z', 4, null, 'c3'),
    counts: [{ key: 'user to user', value: 4 }, { key: null, value: 1 }],
    settings: [{ name: 'A', value: 'x' }, { name: 'B', value: 'y' }, { name: 'C', value: 'z' }, { name: 'D', value: '' }],
    url: 'https://example.com/ünïcödé',
  }),
  job('j18', {
    t: 'customappsso', code: 'Quarantine', fails: 12, state: 'Active',
    last: exec('Failed', '2025-06-15T09:00:00Z', '2025-06-15T09:00:30Z', 5, escrow),
    quarantine: quarantine('EncounteredTotalEscrowThreshold', '2025-06-01T00:00:00Z', '2025-06-16T09:00:00Z', 12, null),
  }),
  job('j19', { t: 'scim', code: 'NotRun', interval: 'PT40M', state: 'Active', settings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '1000' }] }),
  job('j20', {
    t: 'Azure2Azure', code: 'Active', interval: 'PT1H', state: 'Active',
    last: exec('EntryLevelErrors', '2025-06-15T11:00:00Z', '2025-06-15T11:10:00Z', 18, null, "it's"),
    lastOk: exec('Succeeded', '2025-06-15T10:00:00Z', '2025-06-15T10:10:00Z', 17),
    lastOkExports: exec('Succeeded', '2025-06-15T10:00:00Z', '2025-06-15T10:10:00Z', 17),
    progress: [progress(3, 4, 'Users', '2025-06-15T11:05:00+00:00')],
    counts: [{ key: 'group to group', value: 77 }],
    steady: ['2025-05-05T05:05:05Z', '2025-06-15T10:10:00Z'],
  }),
  job('j21', { t: 'slack', code: 'Paused', fails: 0, interval: 'PT60M', state: 'Paused', url: 'https://example.com/a&b' }),
  job('j22', {
    t: 'scim', code: 'Active', fails: 0, pruned: true, interval: 'PT20M', state: 'Active',
    last: exec('Succeeded', '2025-06-15T11:40:00Z', '2025-06-15T11:41:00Z', 6, null, 'ACTIVITY'),
    lastOk: exec('Succeeded', '2025-06-15T11:40:00Z', '2025-06-15T11:41:00Z', 6),
    counts: [{ key: 'user to user', value: 11 }, { key: 'user to user', value: 12 }],
    settings: [{ name: 'Domain', value: 'contoso.com' }, { name: 'domain', value: 'CONTOSO.COM' }],
  }),
  job('j23', {
    t: 'aws', code: 'Quarantine', fails: 3, state: 'Active',
    last: exec('Failed', '2025-06-15T08:00:00Z', '2025-06-15T08:00:01Z', 0, error('AwsThrottled', null, false)),
    quarantine: quarantine('EncounteredEscrowProportionThreshold', '2025-06-15T08:00:01Z', '2025-06-15T14:00:00Z', 3, error(null, null, false)),
  }),
  job('j24', { t: 'gsuite', code: 'NotConfigured', interval: 'PT40M', state: 'Disabled', settings: [{ name: 'Domain', value: null }] }),
  job('j25', {
    t: 'scim', code: 'Active', interval: 'PT40M', state: 'Active', expiration: '2025-06-15T12:00:00Z',
    last: exec('Succeeded', '2025-06-15T11:20Z', '2025-06-15T11:21Z', 8),
    lastOk: exec('Succeeded', '2025-06-15T11:20Z', '2025-06-15T11:21Z', 8),
    progress: [progress(100, 100, 'users', '2025-06-15T11:21:00Z')],
    counts: [{ key: 'user to user', value: 100 }],
  }),
  job('j26', { t: 'gitHubEnterpriseCloud', code: 'NotRun', interval: 'PT60M', state: 'Active', url: '' }),
  job('j27', {
    t: 'BoxOutDelta', code: 'Active', interval: 'P1D', state: 'Active', expiration: '2025-06-15T11:00:00-02:00',
    last: exec('Succeeded', '2025-06-14T12:00:00Z', '2025-06-14T12:00:00Z', 0),
    lastOk: exec('Succeeded', '2025-06-14T12:00:00Z', '2025-06-14T12:00:00Z', 0),
    settings: [{ name: 'Ünïcödé', value: '„Straße“' }],
  }),
  job('j28', {
    t: 'SCIM', code: 'Quarantine', fails: 20, state: 'Active',
    last: exec('Failed', '2025-06-01T00:00:00Z', '2025-06-01T00:00:10Z', 1, unicodeError),
    quarantine: quarantine('Unknown', '2025-05-20T00:00:00Z', '2025-06-16T00:00:00Z', 20, unicodeError),
    url: '  padded  ',
  }),
  job('j29', {
    t: 'Scim', code: 'Paused', interval: 'PT40M', state: 'Paused',
    last: exec('Succeeded', '2025-05-01T00:00:00Z', '2025-05-01T00:01:00Z', 3),
    lastOk: exec('Succeeded', '2025-05-01T00:00:00Z', '2025-05-01T00:01:00Z', 3),
    progress: [progress(1, 2, 'Users', '2025-05-01T00:00:30Z'), progress(2, 2, 'users', '2025-05-01T00:01:00Z'), progress(0, 5, null, '2025-05-01T00:00:00Z')],
    settings: [THRESHOLD, { name: 'Extra', value: "O'Brien" }],
  }),
  job('j30', {
    t: 'API2AAD', code: 'Active', interval: 'PT1H', state: 'Active',
    last: exec('Succeeded', '2025-06-15T11:00:00Z', '2025-06-15T11:00:00Z', 2),
    lastOk: exec('Succeeded', '2025-06-15T11:00:00Z', '2025-06-15T11:00:00Z', 2),
    counts: [],
    settings: [{ name: 'a/b', value: 'c&d' }, { name: 'plus', value: '1+1' }],
  }),
  job('j31', { t: 'customappsso', code: 'NotRun', interval: 'PT40M', state: 'Active', progress: [progress(7, 9, 'users', '2025-06-15T11:58:00.123Z')] }),
  job('j32', {
    t: 'Azure2Azure', code: 'Paused', fails: 1, interval: 'PT20M', state: 'Paused',
    last: exec('Failed', '2025-06-13T10:00:00Z', '2025-06-13T10:00:02Z', 0, slashes),
    url: 'https://example.com/"quoted"',
  }),
  job('j33', {
    t: 'scim', code: 'Quarantine', fails: 2, state: 'Active',
    last: exec('Failed', '2025-06-15T10:00:00Z', '2025-06-15T10:00:03Z', 0, error('QuarantinedOnDemand', 'Quarantined by an administrator.', true)),
    quarantine: quarantine('QuarantinedOnDemand', '2025-06-15T10:00:03Z', '2025-06-15T16:00:00Z', 2, null),
  }),
  job('j34', { t: 'aws', code: 'Active', interval: 'PT40M', state: 'Active', last: exec('Succeeded', '2025-06-15T11:30:00Z', '2025-06-15T11:31:00Z', 5), lastOk: exec('Succeeded', '2025-06-15T11:30:00Z', '2025-06-15T11:31:00Z', 5), counts: [{ key: 'user to user', value: 250 }, { key: 'group to group', value: 25 }, { key: 'device to device', value: 2 }] }),
  job('j35', { t: 'gsuite', code: 'Paused', interval: 'PT40M', state: 'Disabled', settings: [{ name: 'Domain', value: 'fabrikam.com' }, { name: 'QuarantineTooManyDeletesThreshold', value: null }] }),
  job('j36', { t: 'slack', code: 'NotConfigured', interval: 'PT60M', state: 'Disabled', counts: [{ key: 'User to User', value: 0 }] }),
  job('j37', {
    t: 'gitHubEnterpriseCloud', code: 'Active', interval: 'PT40M', state: 'Active',
    last: exec('EntryLevelErrors', '2025-06-15T11:45:00Z', '2025-06-15T11:46:00Z', 13, error('EntryLevelErrors', 'One entry failed.', false)),
    lastOk: exec('Succeeded', '2025-06-15T11:05:00Z', '2025-06-15T11:06:00Z', 13),
    progress: [progress(5, 10, 'users', '2025-06-15T11:45:30Z')],
    counts: [{ key: 'user to user', value: 13 }],
  }),
  job('j38', {
    t: 'SfSandboxOutDelta', code: 'Quarantine', fails: 30, state: 'Active', pruned: true,
    last: exec('Failed', '2025-06-15T11:50:00Z', '2025-06-15T11:50:01Z', 0, badCredentials),
    quarantine: quarantine('IngestionInterrupted', '2025-05-16T00:00:00Z', '2025-06-16T00:00:00Z', 30, badCredentials),
  }),
  job('j39', { t: 'BoxOutDelta', code: 'Paused', interval: 'P1D', state: 'Paused', expiration: '2024-12-31T00:00:00Z' }),
  job('j40', {
    t: 'scim', code: 'Active', interval: 'PT40M', state: 'Active',
    last: exec('Succeeded', '2025-06-15T11:55:00.000Z', '2025-06-15T11:55:59.999Z', 1),
    lastOk: exec('Succeeded', '2025-06-15T11:55:00.000Z', '2025-06-15T11:55:59.999Z', 1),
    lastOkExports: exec('Succeeded', '2025-06-14T11:55:00Z', '2025-06-14T11:56:00Z', 1),
    progress: [progress(1, 1, 'users', '2025-06-15T11:55:59.999Z')],
    counts: [{ key: 'user to user', value: 1 }],
    settings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }, { name: 'SyncAll', value: 'False' }],
    steady: ['2025-06-15T11:55:59.999Z', '2025-06-15T11:55:59.999Z'],
  }),
  job('j41', { t: 'AD2AADProvisioning', code: 'NotRun', interval: 'PT20M', state: 'Active', settings: [] }),
  job('j42', {
    t: 'API2AAD', code: 'Paused', fails: 5, interval: 'PT2H30M', state: 'Paused',
    last: exec('Failed', '2025-06-11T11:11:11.111Z', '2025-06-11T11:11:12Z', 0, error('', '', false)),
  }),
  job('j43', {
    t: 'scim', code: 'Quarantine', fails: 8, state: 'Active',
    last: exec('Failed', '2025-06-15T07:00:00Z', '2025-06-15T07:00:01Z', 4, tooManyDeletes),
    quarantine: quarantine('TooManyDeletes', '2025-06-13T07:00:00Z', '2025-06-15T19:00:00+02:00', 8, tooManyDeletes),
    counts: [{ key: 'user to user', value: 612 }],
  }),
  job('j44', { t: 'gsuite', code: 'Active', interval: 'PT40M', state: 'Active', pruned: true, last: exec('Succeeded', '2025-06-15T11:44:44Z', '2025-06-15T11:45:00Z', 44), lastOk: exec('Succeeded', '2025-06-15T11:44:44Z', '2025-06-15T11:45:00Z', 44), url: 'https://example.com/Troubleshoot' }),
  job('j45', { t: 'customappsso', code: 'Paused', interval: 'PT1H', state: 'Disabled', expiration: '2030-01-01T00:00:00Z', settings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '50' }] }),
  job('j46', { t: 'AD2AADPasswordHash', code: 'NotConfigured', interval: 'PT20M', state: 'Disabled', counts: [] }),
  job('j47', {
    t: 'slack', code: 'Active', interval: 'PT40M', state: 'Active', expiration: '2025-07-01T00:00:00.5+05:30',
    last: exec('EntryLevelErrors', '2025-06-15T11:30:00.25Z', '2025-06-15T11:31:00Z', 16, null),
    lastOk: exec('Succeeded', '2025-06-15T10:50:00Z', '2025-06-15T10:51:00Z', 16),
    counts: [{ key: 'user to user', value: 16 }, { key: 'group to group', value: 16 }],
    url: 'https://example.com/troubleshoot',
  }),
  job('j48', {
    t: 'Azure2Azure', code: 'Quarantine', fails: 50, state: 'Paused',
    last: exec('Failed', '2025-05-18T00:00:00Z', '2025-05-18T00:00:00Z', 0, error('AzureActiveDirectoryInvalidCredentials', 'Invalid credentials', true)),
    quarantine: quarantine('Unknown', '2025-05-18T00:00:00Z', '2025-06-15T12:00:00Z', 50, null),
    settings: [THRESHOLD, { name: 'Domain', value: 'a' }, { name: 'Domain', value: 'b' }],
  }),
];

/** Jobs of the other service principal: they match most queries, and must never be listed under `SP`. */
export const OTHER_JOBS: readonly Job[] = [
  job('j01x', { t: 'scim', code: 'Active', state: 'Active', last: exec('Succeeded', '2025-06-15T11:20:00Z', '2025-06-15T11:21:00Z', 12), counts: [{ key: 'user to user', value: 120 }] }),
  job('j02x', { t: 'scim', code: 'Quarantine', fails: 4, quarantine: quarantine('TooManyDeletes', '2025-06-14T09:00:00Z', '2025-06-15T13:00:00Z', 4, tooManyDeletes) }),
  job('j03x', { t: 'aws', code: 'Paused', progress: [progress(1, 2, 'users', '2025-06-15T11:00:00Z')] }),
  // The same id as one of SP's jobs: ids are unique per service principal only.
  job('j04', { t: 'gsuite', code: 'NotRun', interval: 'PT1H', settings: [] }),
];

/** The fixture document for `emulator.seed()`. */
export const FIXTURE = {
  tenantId: TENANT_ID,
  servicePrincipals: [
    {
      id: SP,
      displayName: 'Query conformance app',
      templates: [{ id: 'SCIM', factoryTag: 'scim' }, { id: 'Scim', factoryTag: 'scim' }, { id: 'scimV2', factoryTag: 'scim' }],
      jobs: JOBS,
    },
    { id: SP_OTHER, displayName: 'Another app', jobs: OTHER_JOBS },
  ],
};

export const ALL_IDS: readonly string[] = JOBS.map((j) => j.id);

/** The ids of the fixture jobs that `predicate` keeps, in id order. */
export function ids(predicate: (job: Job) => boolean): string[] {
  return JOBS.filter(predicate).map((j) => j.id);
}

/** The fixture job with this id. */
export function jobById(id: string): Job {
  const found = JOBS.find((j) => j.id === id);
  if (!found) throw new Error(`no fixture job '${id}'`);
  return found;
}

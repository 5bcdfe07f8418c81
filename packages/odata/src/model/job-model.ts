import { collectionOf, complexType, enumType, primitive } from './edm.js';

/**
 * The synchronizationJob type and the complex types it contains, transcribed from the v1.0 CSDL
 * (graph-sync-api.md, Appendix A). Property order is the order Graph serializes them in.
 */
const str = primitive('Edm.String');
const bool = primitive('Edm.Boolean');
const int64 = primitive('Edm.Int64');
const dateTime = primitive('Edm.DateTimeOffset');
const duration = primitive('Edm.Duration');

export const synchronizationStatusCode = enumType('microsoft.graph.synchronizationStatusCode', {
  NotConfigured: 0,
  NotRun: 1,
  Active: 2,
  Paused: 3,
  Quarantine: 4,
});

export const synchronizationScheduleState = enumType('microsoft.graph.synchronizationScheduleState', {
  Active: 0,
  Disabled: 1,
  Paused: 2,
});

export const synchronizationTaskExecutionResult = enumType('microsoft.graph.synchronizationTaskExecutionResult', {
  Succeeded: 0,
  Failed: 1,
  EntryLevelErrors: 2,
});

export const quarantineReason = enumType('microsoft.graph.quarantineReason', {
  EncounteredBaseEscrowThreshold: 0,
  EncounteredTotalEscrowThreshold: 1,
  EncounteredEscrowProportionThreshold: 2,
  EncounteredQuarantineException: 4,
  Unknown: 8,
  QuarantinedOnDemand: 16,
  TooManyDeletes: 32,
  IngestionInterrupted: 64,
});

export const synchronizationError = complexType('microsoft.graph.synchronizationError', [
  ['code', str, true],
  ['message', str, true],
  ['tenantActionable', bool, false],
]);

export const synchronizationTaskExecution = complexType('microsoft.graph.synchronizationTaskExecution', [
  ['activityIdentifier', str, true],
  ['countEntitled', int64, false],
  ['countEntitledForProvisioning', int64, false],
  ['countEscrowed', int64, false],
  ['countEscrowedRaw', int64, false],
  ['countExported', int64, false],
  ['countExports', int64, false],
  ['countImported', int64, false],
  ['countImportedDeltas', int64, false],
  ['countImportedReferenceDeltas', int64, false],
  ['error', synchronizationError, true],
  ['state', synchronizationTaskExecutionResult, false],
  ['timeBegan', dateTime, false],
  ['timeEnded', dateTime, false],
]);

export const synchronizationProgress = complexType('microsoft.graph.synchronizationProgress', [
  ['completedUnits', int64, false],
  ['progressObservationDateTime', dateTime, false],
  ['totalUnits', int64, false],
  ['units', str, true],
]);

export const synchronizationQuarantine = complexType('microsoft.graph.synchronizationQuarantine', [
  ['currentBegan', dateTime, false],
  ['nextAttempt', dateTime, false],
  ['reason', quarantineReason, false],
  ['seriesBegan', dateTime, false],
  ['seriesCount', int64, false],
  ['error', synchronizationError, true],
]);

export const stringKeyLongValuePair = complexType('microsoft.graph.stringKeyLongValuePair', [
  ['key', str, true],
  ['value', int64, false],
]);

export const keyValuePair = complexType('microsoft.graph.keyValuePair', [
  ['name', str, false],
  ['value', str, true],
]);

export const synchronizationSchedule = complexType('microsoft.graph.synchronizationSchedule', [
  ['expiration', dateTime, true],
  ['interval', duration, false],
  ['state', synchronizationScheduleState, false],
]);

export const synchronizationStatus = complexType('microsoft.graph.synchronizationStatus', [
  ['code', synchronizationStatusCode, false],
  ['countSuccessiveCompleteFailures', int64, false],
  ['escrowsPruned', bool, false],
  ['lastExecution', synchronizationTaskExecution, true],
  ['lastSuccessfulExecution', synchronizationTaskExecution, true],
  ['lastSuccessfulExecutionWithExports', synchronizationTaskExecution, true],
  ['progress', collectionOf(synchronizationProgress), true],
  ['quarantine', synchronizationQuarantine, true],
  ['steadyStateFirstAchievedTime', dateTime, false],
  ['steadyStateLastAchievedTime', dateTime, false],
  ['synchronizedEntryCountByType', collectionOf(stringKeyLongValuePair), true],
  ['troubleshootingUrl', str, true],
]);

/** The entity type. `schema` and `bulkUpload` are navigation properties, not part of the payload. */
export const synchronizationJob = complexType(
  'microsoft.graph.synchronizationJob',
  [
    ['id', str, false, { readOnly: true }],
    ['templateId', str, true],
    ['schedule', synchronizationSchedule, true],
    ['status', synchronizationStatus, true, { readOnly: true }],
    ['synchronizationJobSettings', collectionOf(keyValuePair), true],
  ],
  ['schema', 'bulkUpload'],
  ['bulkUpload'],
);

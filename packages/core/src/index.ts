/**
 * @syncemu/core: the Graph synchronization API surface: routes, handlers, Graph errors, job
 * documents, fixtures, the HTTP server and the CLI.
 */
export {
  createEmulator,
  DEFAULT_TENANT_ID,
  EmulatorOptionError,
  RESPONSE_CHANNEL,
  type Emulator,
  type EmulatorOptions,
  type FaultMatch,
  type FaultResponse,
  type FaultRule,
  type FaultRuleInput,
  type JournalEntry,
  type ListenOptions,
  type QueryExplanation,
  type RequestsPage,
  type ResponseMessage,
  type SnapshotSummary,
} from './emulator.js';
export type { EmulatorRequest, EmulatorResponse } from './http/types.js';
export type { RunningServer } from './server/http-server.js';
export { ClockError, type Clock, type ClockOption } from './clock/clock.js';
export { OutcomeError, type CycleOutcome, type PlannedOutcome } from './lifecycle/outcomes.js';
export { GraphError } from './errors/graph-error.js';
export { FixtureError, validateFixture, type Fixture } from './fixtures/fixture.js';
export { FixtureJsonError } from './fixtures/fixture-outline.js';
export type { SeedSummary } from './fixtures/seed.js';
export { BUILT_IN_TEMPLATES, findBuiltInTemplate } from './templates/catalog.js';
export type { TemplateDefinition } from './templates/template-types.js';

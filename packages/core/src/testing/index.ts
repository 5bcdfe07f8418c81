/**
 * `@syncemu/core/testing`: syncemu wired into the clients a test suite already uses, with no
 * socket. Each helper loads its client library (an optional peer dependency) only when called.
 * @example
 * import { createEmulator } from '@syncemu/core';
 * import { graphClient } from '@syncemu/core/testing';
 * const emulator = createEmulator({ clock: 'manual' });
 * const client = graphClient(emulator);   // @microsoft/microsoft-graph-client, answered by emulator.fetch
 * await client.api(`/servicePrincipals/${spId}/synchronization/jobs`).post({ templateId: 'scim' });
 */
export { graphClient, type GraphClientOptions } from './graph-client.js';
export { graphHandlers, type GraphHandlersOptions } from './msw-handlers.js';
export { testToken } from './test-token.js';

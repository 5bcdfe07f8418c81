// Recipe: the public surface type-checks in a user's TypeScript project (NodeNext, strict,
// skipLibCheck off). CI runs `tsc -p .` over this file: scripts/check-packages.mjs.
import { createEmulator, GraphError, RESPONSE_CHANNEL, type Emulator, type EmulatorOptions, type FaultRuleInput, type JournalEntry, type RequestsPage, type RunningServer, type SnapshotSummary } from '@syncemu/core';
import { graphClient, graphHandlers, testToken } from '@syncemu/core/testing';

const options: EmulatorOptions = { clock: 'manual', idSeed: 7, servicePrincipals: 'auto' };
const emulator: Emulator = createEmulator(options);
const client = graphClient(emulator, { version: 'beta' });
const token: string = testToken({ scopes: ['Synchronization.Read.All'] });
const handlers: Promise<unknown[]> = graphHandlers(emulator);
const server: RunningServer = await emulator.listen({ port: 0, https: true });
const certificate: string | undefined = server.certificatePath;
const response: Response = await emulator.fetch('https://graph.microsoft.com/v1.0/');
await emulator.clock.advance('PT40M');
const rule: FaultRuleInput = { match: { method: 'GET', path: '/servicePrincipals/**' }, respond: { status: 503, retryAfterSeconds: 1 }, times: 2 };
const added: { id: string; remove(): Promise<void> } = await emulator.faults.add(rule);
await added.remove();
const page: RequestsPage = await emulator.requests.list('$top=1&$count=true');
const first: JournalEntry | undefined = page.value[0];
const taken: SnapshotSummary = await emulator.snapshot('typed');
await emulator.restore(taken.name);
await emulator.reset({ servicePrincipalId: '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c' });
console.log(first?.status, page['@odata.nextLink']);
console.log(typeof client.api, token.length, handlers, certificate, response.status, RESPONSE_CHANNEL, GraphError.name);
await server.close();
await emulator.close();
// @ts-expect-error: not an option of createEmulator
createEmulator({ nope: 1 });

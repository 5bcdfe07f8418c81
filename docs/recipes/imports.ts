// Recipe: the public surface type-checks in a user's TypeScript project (NodeNext, strict,
// skipLibCheck off). CI runs `tsc -p .` over this file: scripts/check-packages.mjs.
import { createEmulator, GraphError, RESPONSE_CHANNEL, type Emulator, type EmulatorOptions, type RunningServer } from '@syncemu/core';
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
console.log(typeof client.api, token.length, handlers, certificate, response.status, RESPONSE_CHANNEL, GraphError.name);
await server.close();
await emulator.close();
// @ts-expect-error: not an option of createEmulator
createEmulator({ nope: 1 });

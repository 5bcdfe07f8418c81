import { createRequire } from 'node:module';
import type { Client, Middleware } from '@microsoft/microsoft-graph-client';
import type { Emulator } from '../emulator.js';
import { testToken } from './test-token.js';

export interface GraphClientOptions {
  /** The version the client's `.api(path)` calls use unless `.version()` says; default `v1.0`. */
  readonly version?: 'v1.0' | 'beta';
  /** The bearer token sent (default: {@link testToken}, which `requireAuth` accepts). */
  readonly token?: string;
}

/**
 * The Microsoft Graph JS client (`@microsoft/microsoft-graph-client` 3.x, an optional peer
 * dependency), unchanged but for its last middleware: every request it builds ends in
 * `emulator.fetch`, no socket. Its paging (`PageIterator`), errors (`GraphError`) and retries work as
 * against Graph; links come back on `https://graph.microsoft.com`, which the client treats as absolute.
 * @example
 * const client = graphClient(emulator);
 * const page = await client.api(`/servicePrincipals/${spId}/synchronization/jobs`).top(2).get();
 */
export function graphClient(emulator: Pick<Emulator, 'fetch'>, { version = 'v1.0', token = testToken() }: GraphClientOptions = {}): Client {
  const graph = loadPeer<GraphModule>('@microsoft/microsoft-graph-client', 'graphClient');
  const answer: Middleware = {
    execute: async (context) => {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const init = context.options ?? {};
      const headers = new Headers(init.headers as HeadersInit | undefined);
      if (typeof context.request !== 'string') context.request.headers.forEach((value, name) => headers.has(name) || headers.set(name, value));
      headers.set('Authorization', `Bearer ${token}`);
      context.response = await emulator.fetch(url, { ...init, headers });
    },
  };
  // Graph's own chain (retries honouring Retry-After, redirects, telemetry) with the last step answered by the emulator
  return graph.Client.initWithMiddleware({
    defaultVersion: version,
    middleware: [new graph.RetryHandler(), new graph.RedirectHandler(), new graph.TelemetryHandler(), answer],
  });
}


interface GraphModule {
  readonly Client: typeof Client;
  readonly RetryHandler: new () => Middleware;
  readonly RedirectHandler: new () => Middleware;
  readonly TelemetryHandler: new () => Middleware;
}

const require = createRequire(import.meta.url);

/** A peer dependency the helper needs, or an error that says to install it. */
export function loadPeer<T>(name: string, helper: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error(`${helper}() needs the package '${name}': npm install --save-dev ${name}`);
    }
    throw error;
  }
}

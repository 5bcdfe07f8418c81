import type { RequestHandler } from 'msw';
import type { Emulator } from '../emulator.js';

export interface GraphHandlersOptions {
  /** The origin to intercept; default `https://graph.microsoft.com`. */
  readonly origin?: string;
}

/**
 * MSW request handlers (msw 2.x, an optional peer dependency) that answer every request to
 * Microsoft Graph's synchronization API from the emulator: give them to `setupServer` and the code
 * under test, with its own client and `fetch`, talks to syncemu instead of Graph. Links in the
 * answers name the intercepted origin, so they are intercepted too. Async because msw is ESM: the
 * handlers come from the same msw instance as your `setupServer`.
 * @example
 * const server = setupServer(...(await graphHandlers(emulator)));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export async function graphHandlers(emulator: Pick<Emulator, 'fetch'>, { origin = 'https://graph.microsoft.com' }: GraphHandlersOptions = {}): Promise<RequestHandler[]> {
  let msw: typeof import('msw');
  try {
    msw = await import('msw');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new Error(`graphHandlers() needs the package 'msw': npm install --save-dev msw`);
    throw error;
  }
  const base = origin.replace(/\/+$/, '');
  return ['v1.0', 'beta'].map((version) => msw.http.all(`${base}/${version}/*`, ({ request }) => emulator.fetch(request)));
}

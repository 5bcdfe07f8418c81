import type { AsyncRepositories, AsyncStore } from '@syncemu/store';
import type { Clock } from '../clock/clock.js';
import type { ResponseContext } from '../http/responses.js';
import type { IdGenerator } from '../ids/id-generator.js';
import type { Route } from '../routing/route.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { HeadersInit } from '../http/types.js';

/** What every handler may use: the emulator's parts. */
export interface EmulatorParts {
  /**
   * Reads: in a request that only reads, its read transaction's handle (one consistent view);
   * otherwise the store itself.
   */
  readonly db: AsyncRepositories;
  /** Writes: `store.transaction(async (tx) => …)`, every read inside it through `tx`. */
  readonly store: AsyncStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The tenant id without dashes: the middle part of job ids. */
  readonly tenantHex: string;
  readonly servicePrincipals: 'auto' | 'registered';
  readonly lifecycle: Lifecycle;
  readonly onDemandLimiter: RateLimiter;
  readonly bulkUploadLimiter: RateLimiter;
}

/** One request, routed. */
export interface RoutedRequest {
  readonly method: string;
  readonly route: Route;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: HeadersInit | undefined;
  /** Reads and parses the JSON body (throws the Graph 400/415 for a bad one). */
  readonly json: () => unknown;
  /** Whether the request carries a non-empty body (actions take an optional one). */
  readonly hasBody: () => boolean;
  /** `https://graph.microsoft.com`: the origin the request used, for context URLs and links. */
  readonly origin: string;
  readonly response: ResponseContext;
}

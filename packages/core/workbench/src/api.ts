/**
 * The page's only way to the emulator: the public Graph API and `/_syncemu/`, on the page's own
 * origin. What it shows is what any client would get.
 */

/** A Graph error answer (`{"error": {code, message, target?, innerError?}}`) as a thrown value. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly position?: number,
  ) {
    super(message);
  }
}

export interface ApiReply<T> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
}

/** Sends one request; a 4xx/5xx becomes an {@link ApiError} carrying the Graph error's fields. */
export async function call<T = unknown>(method: string, url: string, body?: unknown): Promise<ApiReply<T>> {
  const response = await fetch(url, {
    method,
    headers: { Accept: 'application/json', ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; target?: string; innerError?: { position?: number } } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? `HTTP ${response.status}`, error?.message ?? text, error?.target, error?.innerError?.position);
  }
  return { status: response.status, body: parsed as T, text };
}

export const get = <T>(url: string) => call<T>('GET', url).then((reply) => reply.body);

/** The path of a service principal's jobs collection (no version). */
export const jobsPath = (servicePrincipalId: string) => `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`;

/** A job as the list and GET return it (only what the page reads). */
export interface Job {
  readonly id?: string;
  readonly templateId?: string;
  readonly schedule?: { readonly state?: string; readonly interval?: string };
  readonly status?: {
    readonly code?: string;
    readonly lastExecution?: { readonly state?: string; readonly timeEnded?: string | null } | null;
    readonly quarantine?: { readonly reason?: string; readonly currentBegan?: string } | null;
  };
  readonly [property: string]: unknown;
}

export interface JobsPage {
  readonly value: Job[];
  readonly '@odata.count'?: number;
  readonly '@odata.nextLink'?: string;
}

export interface ServicePrincipalSummary {
  readonly id: string;
  readonly appId: string | null;
  readonly displayName: string | null;
  readonly jobs: number;
}

export interface ClockState {
  readonly now: string;
  readonly kind: 'system' | 'manual';
  /** Cycles this emulator completed since it started. */
  readonly cyclesCompleted: number;
}

export interface Explanation {
  readonly filter: string | null;
  readonly orderBy: readonly string[];
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly plan: readonly string[];
  readonly indexes: readonly string[];
  readonly fullScan: boolean;
}

export interface TimelineEvent {
  readonly number: number;
  readonly at: string;
  readonly kind: string;
  readonly [detail: string]: unknown;
}

export interface Outcome {
  readonly result: 'succeeded' | 'entryLevelErrors' | 'failed';
  readonly quarantineReason?: string;
  readonly repeat?: number;
  readonly [more: string]: unknown;
}

export interface Timeline {
  readonly value: readonly TimelineEvent[];
  readonly cycle: { readonly kind: string; readonly began: string; readonly completes: string } | null;
  readonly outcomes: readonly Outcome[];
  readonly default: Outcome;
}

import { useState } from 'preact/hooks';
import { ApiError, call, get } from './api.js';
import { usePoll } from './use-poll.js';

interface Rule {
  readonly id: string;
  readonly match: { readonly method?: string; readonly path?: string; readonly servicePrincipalId?: string };
  readonly respond?: { readonly status: number; readonly code?: string; readonly retryAfterSeconds?: number };
  readonly delayMs?: number;
  readonly remaining: number | null;
}

/**
 * Fault rules (`/_syncemu/faults`): listed, added and removed. Adding one changes no data, so the
 * rest of the page does not read again (which would spend the rule on the page's own request).
 */
export function FaultsPanel({ onRules }: { readonly onRules: (active: number) => void }) {
  const [rules, setRules] = useState<readonly Rule[]>([]);
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('servicePrincipals/*/synchronization/jobs');
  const [status, setStatus] = useState('429');
  const [retryAfter, setRetryAfter] = useState('1');
  const [times, setTimes] = useState('');
  const [error, setError] = useState('');

  const load = async () => {
    const { value } = await get<{ value: Rule[] }>('/_syncemu/faults');
    setRules(value);
    onRules(value.filter((rule) => rule.remaining !== 0).length);
  };
  const remove = (id: string) =>
    call('DELETE', `/_syncemu/faults/${encodeURIComponent(id)}`).then(
      () => setError(''),
      (caught: unknown) => setError(caught instanceof ApiError ? caught.message : String(caught)),
    ).then(load);
  usePoll(load, 2000, []);

  const add = async () => {
    const rule = {
      match: { ...(method && { method }), ...(path && { path }) },
      respond: { status: Number(status), ...(retryAfter !== '' && { retryAfterSeconds: Number(retryAfter) }) },
      ...(times !== '' && { times: Number(times) }),
    };
    try {
      await call('POST', '/_syncemu/faults', rule);
      setError('');
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  return (
    <div>
      <h2>Fault rules</h2>
      <form
        class="fault-form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <input data-testid="fault-method" value={method} size={6} aria-label="method" onInput={(event) => setMethod(event.currentTarget.value)} />
        <input data-testid="fault-path" value={path} size={36} aria-label="path after the version (* one segment, ** any)" onInput={(event) => setPath(event.currentTarget.value)} />
        <input data-testid="fault-status" value={status} size={4} aria-label="status" onInput={(event) => setStatus(event.currentTarget.value)} />
        <input data-testid="fault-retry-after" value={retryAfter} size={3} aria-label="Retry-After seconds" onInput={(event) => setRetryAfter(event.currentTarget.value)} />
        <input data-testid="fault-times" value={times} size={3} placeholder="times" aria-label="times" onInput={(event) => setTimes(event.currentTarget.value)} />
        <button data-testid="fault-add" type="submit">
          Add
        </button>
      </form>
      <p class="muted">method · path after the version (* one segment, ** any) · status · Retry-After (s) · times (empty: every request)</p>
      {error && (
        <p data-testid="fault-error" class="error">
          {error}
        </p>
      )}
      <ul data-testid="faults" class="faults-list">
        {rules.map((rule) => (
          <li key={rule.id} data-id={rule.id}>
            <code>
              {rule.match.method ?? '*'} {rule.match.path ?? '**'}
            </code>{' '}
            → {rule.respond ? `${rule.respond.status}${rule.respond.retryAfterSeconds !== undefined ? `, Retry-After ${rule.respond.retryAfterSeconds}` : ''}` : 'delay only'}
            {rule.delayMs ? `, +${rule.delayMs} ms` : ''} · {rule.remaining === null ? 'every time' : `${rule.remaining} left`}{' '}
            <button data-testid="fault-remove" onClick={() => void remove(rule.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

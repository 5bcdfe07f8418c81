import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, get, jobsPath, type Explanation, type Job, type JobsPage } from './api.js';
import type { Version } from './app.js';
import { complete, type Completion } from './completion.js';
import type { Model } from './csdl-model.js';
import { ExplainPanel } from './explain-panel.js';
import { useLatest } from './use-poll.js';
import { curlCommand, encodeQuery, errorOffset, graphClientCode, selectedProperties } from './query-text.js';
import { ResultsTable } from './results-table.js';

interface Props {
  readonly servicePrincipal: string;
  readonly version: Version;
  readonly model: Model | undefined;
  readonly selected: string | undefined;
  readonly onSelect: (jobId: string) => void;
  readonly changes: number;
  /** Off while fault rules are set: the page's own re-reads would spend them. */
  readonly autoRefresh: boolean;
}

interface Rejection {
  readonly error: ApiError;
  /** The text it was about (the caret is drawn under it). */
  readonly text: string;
}

/** The query builder: type, check as you type, complete, run, page, and copy as curl or Graph client code. */
export function QueryPanel({ servicePrincipal, version, model, selected, onSelect, changes, autoRefresh }: Props) {
  const [text, setText] = useState('$count=true&$top=10');
  const [completions, setCompletions] = useState<readonly Completion[]>([]);
  const [highlighted, setHighlighted] = useState(-1);
  const [explanation, setExplanation] = useState<Explanation | undefined>(undefined);
  const [rejection, setRejection] = useState<Rejection | undefined>(undefined);
  const [page, setPage] = useState<{ body: JobsPage; raw: string; url: string } | undefined>(undefined);
  const [showRaw, setShowRaw] = useState(false);
  const [showCode, setShowCode] = useState<'curl' | 'graph-js' | undefined>(undefined);
  const [copied, setCopied] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const ran = useRef<{ url: string; text: string } | undefined>(undefined);
  const startRun = useLatest();
  const pendingCursor = useRef<number | undefined>(undefined);

  const listUrl = `/${version}${jobsPath(servicePrincipal)}`;

  // live validation: the server's own explain of the query, as typed (debounced)
  useEffect(() => {
    if (!servicePrincipal) return;
    const current = text;
    // a reply for text typed before is dropped: it would show another query's SQL or error
    let live = true;
    const timer = setTimeout(() => {
      void get<Explanation>(`/_syncemu/explain${listUrl}?${encodeQuery(current)}`)
        .then((value) => {
          if (!live) return;
          setExplanation(value);
          setRejection(undefined);
        })
        .catch((error: unknown) => {
          if (!live) return;
          setExplanation(undefined);
          if (error instanceof ApiError) setRejection({ error, text: current });
        });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, servicePrincipal, version]);

  /** Runs the list request (`url`: a next page), showing its answer unless a later run was started meanwhile. */
  const run = async (url = `${listUrl}${encodeQuery(text) ? `?${encodeQuery(text)}` : ''}`, typed = text) => {
    ran.current = { url, text: typed };
    const isLatest = startRun();
    try {
      const reply = await call<JobsPage>('GET', url);
      if (!isLatest()) return;
      setPage({ body: reply.body, raw: reply.text, url });
      setRejection(undefined);
    } catch (error) {
      if (!isLatest()) return;
      setPage(undefined);
      if (!(error instanceof ApiError)) return;
      // the list's answer; the explain of the same text holds where in it the error points
      const located = await get<Explanation>(`/_syncemu/explain${listUrl}?${encodeQuery(typed)}`).then(
        () => undefined,
        (explained: unknown) => (explained instanceof ApiError ? explained : undefined),
      );
      if (isLatest()) setRejection({ error: located && located.message === error.message ? located : error, text: typed });
    }
  };

  // after a change elsewhere (an action, the clock) the page shown is read again
  useEffect(() => {
    if (ran.current && page && autoRefresh) void run(ran.current.url, ran.current.text);
  }, [changes]);

  useEffect(() => {
    setPage(undefined);
    ran.current = undefined;
    if (servicePrincipal) void run();
  }, [servicePrincipal, version]);

  const suggest = (value: string, position: number) => {
    setCompletions(model ? complete(model, value, position).slice(0, 30) : []);
    setHighlighted(-1);
  };

  const accept = (completion: Completion) => {
    const next = text.slice(0, completion.from) + completion.insert + text.slice(completion.to);
    const position = completion.from + completion.insert.length;
    pendingCursor.current = position;
    setText(next);
  };

  // after a completion is taken, the caret goes after it (once the input shows the new text) and what may follow is offered
  useLayoutEffect(() => {
    const position = pendingCursor.current;
    if (position === undefined || !input.current) return;
    pendingCursor.current = undefined;
    input.current.setSelectionRange(position, position);
    input.current.focus();
    suggest(text, position);
  }, [text]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (completions.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlighted((index) => (index + step + completions.length) % completions.length);
    } else if (completions.length > 0 && (event.key === 'Tab' || (event.key === 'Enter' && highlighted >= 0))) {
      event.preventDefault();
      accept(completions[Math.max(highlighted, 0)]!);
    } else if (event.key === 'Escape') {
      setCompletions([]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setCompletions([]);
      void run();
    }
  };

  const offset = rejection ? errorOffset(rejection.text, rejection.error.target, rejection.error.position) : undefined;
  const nextLink = page?.body['@odata.nextLink'];
  const code = showCode === 'curl' ? curlCommand(location.origin, version, jobsPath(servicePrincipal), text) : showCode === 'graph-js' ? graphClientCode(version, jobsPath(servicePrincipal), text) : '';

  return (
    <div>
      <h2>Query</h2>
      <div class="query-line">
        <code class="muted">GET /{version}/servicePrincipals/…/synchronization/jobs?</code>
        <div class="completer">
          <input
            ref={input}
            data-testid="query"
            value={text}
            spellcheck={false}
            autocomplete="off"
            placeholder="$filter=status/code eq 'Active'&$top=5"
            onInput={(event) => {
              setText(event.currentTarget.value);
              suggest(event.currentTarget.value, event.currentTarget.selectionStart ?? event.currentTarget.value.length);
            }}
            onClick={(event) => suggest(text, event.currentTarget.selectionStart ?? text.length)}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setCompletions([]), 150)}
          />
          {completions.length > 0 && (
            <ul data-testid="completions" class="completions" role="listbox">
              {completions.map((completion, index) => (
                <li
                  key={completion.label}
                  role="option"
                  aria-selected={index === highlighted}
                  class={index === highlighted ? 'highlighted' : ''}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    accept(completion);
                  }}
                >
                  <span>{completion.label}</span> <small class="muted">{completion.detail}</small>
                </li>
              ))}
            </ul>
          )}
        </div>
        <button data-testid="run" onClick={() => void run()} disabled={!servicePrincipal}>
          Run
        </button>
      </div>
      <p class="muted hint">Tab completes a property or enum member (from the CSDL); Enter runs.</p>
      {rejection && (
        <div data-testid="error" class="error" role="alert">
          {offset !== undefined && (
            <pre data-testid="error-caret">
              {rejection.text}
              {'\n'}
              {' '.repeat(offset)}^
            </pre>
          )}
          <div>
            <strong>{rejection.error.status} {rejection.error.code}</strong>: {rejection.error.message}
          </div>
        </div>
      )}
      <div class="toolbar">
        <span>
          <code>@odata.count</code>: <output data-testid="count">{page?.body['@odata.count'] ?? ''}</output>
        </span>
        <button data-testid="next-page" disabled={!nextLink} onClick={() => nextLink && void run(new URL(nextLink).pathname + new URL(nextLink).search, ran.current?.text ?? text)}>
          Next page
        </button>
        <button data-testid="raw-toggle" onClick={() => setShowRaw(!showRaw)} disabled={!page}>
          {showRaw ? 'Table' : 'Raw JSON'}
        </button>
        <button data-testid="show-curl" onClick={() => setShowCode(showCode === 'curl' ? undefined : 'curl')}>
          curl
        </button>
        <button data-testid="show-graph-js" onClick={() => setShowCode(showCode === 'graph-js' ? undefined : 'graph-js')}>
          Graph JS client
        </button>
      </div>
      {showCode && (
        <div class="code">
          <pre data-testid={showCode}>{code}</pre>
          <button
            data-testid="copy"
            onClick={() =>
              void (navigator.clipboard?.writeText(code) ?? Promise.reject(new Error('no clipboard'))).then(
                () => setCopied('copied'),
                () => setCopied('select the text to copy it'),
              )
            }
          >
            Copy
          </button>{' '}
          <span class="muted">{copied}</span>
        </div>
      )}
      {showRaw && page ? (
        <pre data-testid="raw" class="raw">
          {JSON.stringify(JSON.parse(page.raw), null, 2)}
        </pre>
      ) : (
        <ResultsTable jobs={page?.body.value ?? []} extra={selectedProperties(text)} selected={selected} onSelect={onSelect} />
      )}
      <ExplainPanel explanation={explanation} />
    </div>
  );
}


import { useState } from 'preact/hooks';
import { ApiError, call, get } from './api.js';
import { encodeQuery } from './query-text.js';
import { usePoll } from './use-poll.js';

interface Entry {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
  readonly fault: string | null;
}

/** The request journal (`/_syncemu/requests`): newest first, filtered with the journal's own `$filter`. */
export function JournalPanel({ changes }: { readonly changes: number }) {
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [entries, setEntries] = useState<readonly Entry[]>([]);
  const [count, setCount] = useState<number | undefined>(undefined);
  const [error, setError] = useState('');

  const load = async () => {
    const query = encodeQuery(`$orderby=id desc&$top=50&$count=true${applied ? `&$filter=${applied}` : ''}`);
    try {
      const page = await get<{ value: Entry[]; '@odata.count'?: number }>(`/_syncemu/requests?${query}`);
      setEntries(page.value);
      setCount(page['@odata.count']);
      setError('');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };
  usePoll(load, 2000, [applied, changes]);

  return (
    <div>
      <h2>Request journal</h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filter);
        }}
      >
        <input data-testid="journal-filter" value={filter} size={40} placeholder="method eq 'POST' or status ge 400" onInput={(event) => setFilter(event.currentTarget.value)} />
        <button data-testid="journal-filter-run" type="submit">
          Filter
        </button>
        <button data-testid="journal-clear" type="button" onClick={() => void call('DELETE', '/_syncemu/requests').then(load, (caught: unknown) => setError(String(caught)))}>
          Clear
        </button>
        <span class="muted">
          <output data-testid="journal-count">{count ?? ''}</output> entries
        </span>
      </form>
      {error && (
        <p data-testid="journal-error" class="error">
          {error}
        </p>
      )}
      <div class="scroll">
      <table data-testid="journal" class="results">
        <thead>
          <tr>
            <th>#</th>
            <th>time</th>
            <th>method</th>
            <th>url</th>
            <th>status</th>
            <th>ms</th>
            <th>fault</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} class={entry.status >= 400 ? 'failed' : ''}>
              <td>{entry.id}</td>
              <td>{entry.time}</td>
              <td>{entry.method}</td>
              <td class="url">{entry.url}</td>
              <td>{entry.status}</td>
              <td>{entry.durationMs.toFixed(1)}</td>
              <td>{entry.fault ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

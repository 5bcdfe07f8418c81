import { useEffect, useRef, useState } from 'preact/hooks';
import { get, type ClockState, type ServicePrincipalSummary } from './api.js';
import { readModel, type Model } from './csdl-model.js';
import { ClockBar } from './clock-bar.js';
import { QueryPanel } from './query-panel.js';
import { JobPanel } from './job-panel.js';
import { JournalPanel } from './journal-panel.js';
import { FaultsPanel } from './faults-panel.js';

export type Version = 'v1.0' | 'beta';

export function App() {
  const [servicePrincipals, setServicePrincipals] = useState<readonly ServicePrincipalSummary[]>([]);
  const [servicePrincipal, setServicePrincipal] = useState('');
  const [version, setVersion] = useState<Version>('v1.0');
  const [model, setModel] = useState<Model | undefined>(undefined);
  const [clock, setClock] = useState<ClockState | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  /** Bumped after anything the page changes, so lists read again. */
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);

  const [faultRules, setFaultRules] = useState(0);
  const [problem, setProblem] = useState('');
  const cycles = useRef<number | undefined>(undefined);

  // read on load and on ↻ only: counting jobs reads an index of every job (tens of ms at 100k)
  const [listed, setListed] = useState(0);
  useEffect(() => {
    get<{ value: ServicePrincipalSummary[] }>('/_syncemu/servicePrincipals').then(
      ({ value }) => {
        setServicePrincipals(value);
        setServicePrincipal((current) => current || (value.find((sp) => sp.jobs > 0) ?? value[0])?.id || '');
      },
      (error: unknown) => setProblem(`The service principals could not be read: ${String(error)}`),
    );
  }, [listed]);

  useEffect(() => {
    let live = true;
    setModel(undefined);
    fetch(`/${version}/$metadata`)
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`$metadata answered ${response.status}`))))
      .then(
        (xml) => live && setModel(readModel(xml)),
        (error: unknown) => live && setProblem(`No completion: ${String(error)}`),
      );
    return () => {
      live = false;
    };
  }, [version]);

  /** The clock as polled: when cycles completed since the last poll, what is shown is read again. */
  const onClock = (next: ClockState) => {
    setClock(next);
    if (cycles.current !== undefined && next.cyclesCompleted !== cycles.current) changed();
    cycles.current = next.cyclesCompleted;
  };
  // a fault rule would answer the page's own automatic reads (and a rule with `times` be spent by them)
  const autoRefresh = faultRules === 0;

  const choose = (id: string) => {
    setServicePrincipal(id);
    setSelected(undefined);
  };

  return (
    <div class="page">
      <header>
        <h1>syncemu workbench</h1>
        <label>
          Service principal{' '}
          <select data-testid="service-principal" value={servicePrincipal} onChange={(event) => choose(event.currentTarget.value)}>
            {servicePrincipals.length === 0 && <option value="">(none yet: seed a fixture or create a job)</option>}
            {servicePrincipals.map((sp) => (
              <option key={sp.id} value={sp.id}>
                {sp.displayName ? `${sp.displayName} · ` : ''}
                {sp.id} ({sp.jobs} {sp.jobs === 1 ? 'job' : 'jobs'})
              </option>
            ))}
          </select>{' '}
          <button data-testid="service-principals-refresh" title="Read the service principals and their job counts again" onClick={() => setListed((n) => n + 1)}>
            ↻
          </button>
        </label>
        <label>
          Version{' '}
          <select data-testid="version" value={version} onChange={(event) => setVersion(event.currentTarget.value as Version)}>
            <option value="v1.0">v1.0</option>
            <option value="beta">beta</option>
          </select>
        </label>
        <ClockBar clock={clock} onClock={onClock} onChanged={changed} />
      </header>
      {problem && (
        <p data-testid="page-problem" class="error">
          {problem}
        </p>
      )}
      {!autoRefresh && (
        <p data-testid="auto-refresh-off" class="warn">
          Fault rules are set: the page reads jobs only when you ask (Run, Refresh), so its own requests do not spend them.
        </p>
      )}
      <main>
        <section class="query">
          <QueryPanel servicePrincipal={servicePrincipal} version={version} model={model} selected={selected} onSelect={setSelected} changes={changes} autoRefresh={autoRefresh} />
        </section>
        <section class="job">
          <JobPanel servicePrincipal={servicePrincipal} version={version} jobId={selected} changes={changes} onChanged={changed} autoRefresh={autoRefresh} />
        </section>
      </main>
      <footer>
        <section class="journal">
          <JournalPanel changes={changes} />
        </section>
        <section class="faults">
          <FaultsPanel onRules={setFaultRules} />
        </section>
      </footer>
    </div>
  );
}

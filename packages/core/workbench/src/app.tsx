import { useEffect, useState } from 'preact/hooks';
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

  useEffect(() => {
    void get<{ value: ServicePrincipalSummary[] }>('/_syncemu/servicePrincipals').then(({ value }) => {
      setServicePrincipals(value);
      setServicePrincipal((current) => current || (value.find((sp) => sp.jobs > 0) ?? value[0])?.id || '');
    });
  }, [changes]);

  useEffect(() => {
    setModel(undefined);
    void fetch(`/${version}/$metadata`)
      .then((response) => response.text())
      .then((xml) => setModel(readModel(xml)));
  }, [version]);

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
          </select>
        </label>
        <label>
          Version{' '}
          <select data-testid="version" value={version} onChange={(event) => setVersion(event.currentTarget.value as Version)}>
            <option value="v1.0">v1.0</option>
            <option value="beta">beta</option>
          </select>
        </label>
        <ClockBar clock={clock} onClock={setClock} onChanged={changed} />
      </header>
      <main>
        <section class="query">
          <QueryPanel servicePrincipal={servicePrincipal} version={version} model={model} selected={selected} onSelect={setSelected} changes={changes} />
        </section>
        <section class="job">
          <JobPanel servicePrincipal={servicePrincipal} version={version} jobId={selected} changes={changes} onChanged={changed} />
        </section>
      </main>
      <footer>
        <section class="journal">
          <JournalPanel changes={changes} />
        </section>
        <section class="faults">
          <FaultsPanel />
        </section>
      </footer>
    </div>
  );
}

import type { Job } from './api.js';

interface Props {
  readonly jobs: readonly Job[];
  /** Properties `$select` named, shown after the usual columns. */
  readonly extra: readonly string[];
  readonly selected: string | undefined;
  readonly onSelect: (jobId: string) => void;
}

const FIXED = ['id', 'templateId', 'status', 'schedule'];

/** One row a job of the page: id, template, status code, schedule state, last execution, then what `$select` chose. */
export function ResultsTable({ jobs, extra, selected, onSelect }: Props) {
  const more = extra.filter((name) => !FIXED.includes(name));
  return (
    <table data-testid="results" class="results">
      <thead>
        <tr>
          <th>id</th>
          <th>templateId</th>
          <th>status/code</th>
          <th>schedule/state</th>
          <th>last execution</th>
          {more.map((name) => (
            <th key={name}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job, index) => {
          const last = job.status?.lastExecution;
          return (
            <tr key={job.id ?? index} class={job.id !== undefined && job.id === selected ? 'selected' : ''} onClick={() => job.id && onSelect(job.id)} title={job.id ? 'Show this job' : 'Select id to open a job'}>
              <td class="id">{job.id ?? ''}</td>
              <td>{job.templateId ?? ''}</td>
              <td>{job.status?.code ?? ''}</td>
              <td>{job.schedule?.state ?? ''}</td>
              <td>{last ? `${last.state ?? ''} ${last.timeEnded ?? ''}` : ''}</td>
              {more.map((name) => (
                <td key={name}>
                  <code>{JSON.stringify(job[name]) ?? ''}</code>
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { existsSync } from 'node:fs';
import { ODataQueryError } from '@syncemu/odata';
import { checkDatabaseOption, createEmulator } from '../emulator.js';
import { isPostgresUrl } from '../emulator/options.js';
import { CliError, type CommandIo } from './cli-io.js';
import { DEFAULT_DATABASE } from './serve-command.js';

export const QUERY_HELP = `Usage: syncemu query [--db PATH] [--sp ID] [--beta] [--explain] '<query options>'

Runs a list query against the jobs stored in a database and prints them as a table: the columns
are the $select (without one: id, templateId, schedule/state, status/code). With --explain it
prints the checked query, the SQL with its parameters, and SQLite's plan instead. An invalid query
prints the message a client would get in the 400, with a caret under the position.

Example:
  syncemu query "\\$filter=status/code eq 'Quarantine' and status/countSuccessiveCompleteFailures ge 3&\\$select=id,status"

Options:
  --db PATH   SQLite database (default ${DEFAULT_DATABASE}), or a postgres:// URL [SYNCEMU_DB]
  --sp ID     service principal (default: the only one in the database)
  --beta      read the options as /beta does ('filter=' without the $)
  --explain   print the plan instead of the rows
  -h, --help  show this help
`;

export interface QuerySettings {
  readonly database: string;
  readonly servicePrincipalId?: string;
  readonly explain: boolean;
  readonly beta: boolean;
}

const DEFAULT_COLUMNS = ['id', 'templateId', 'schedule/state', 'status/code'];

export async function query(queryString: string, settings: QuerySettings, io: CommandIo): Promise<number> {
  checkDatabaseOption(settings.database);
  if (settings.database !== ':memory:' && !isPostgresUrl(settings.database) && !existsSync(settings.database)) {
    throw new CliError(`there is no database at '${settings.database}'; create one with 'syncemu seed FILE --db ${settings.database}' or 'syncemu serve'`, 1);
  }
  const emulator = createEmulator({ database: settings.database });
  try {
    await emulator.ready;
    const spId = settings.servicePrincipalId ?? onlyServicePrincipal(await emulator.database.servicePrincipals.ids());
    const version = settings.beta ? 'beta' : 'v1.0';
    const text = queryString.replace(/^\?/, '');
    let explanation;
    try {
      explanation = await emulator.explain(spId, text, { version });
    } catch (error) {
      if (error instanceof ODataQueryError) {
        printQueryError(error, io);
        return 1;
      }
      throw error;
    }
    if (settings.explain) {
      io.out(`filter:     ${explanation.filter ?? '(none)'}`);
      io.out(`orderby:    ${explanation.orderBy.length ? explanation.orderBy.join(', ') : '(id)'}`);
      io.out(`select:     ${explanation.query.select === '*' ? '*' : explanation.query.select.join(',')}`);
      io.out(`sql:        ${explanation.sql}`);
      io.out(`parameters: ${JSON.stringify(explanation.parameters)}`);
      io.out('plan:');
      for (const line of explanation.plan) io.out(`  ${line}`);
      return 0;
    }
    const response = await emulator.handle({ method: 'GET', url: `/${version}/servicePrincipals/${spId}/synchronization/jobs?${text}` });
    const body = JSON.parse(response.body ?? '{}') as { value?: Record<string, unknown>[]; error?: { message: string }; '@odata.count'?: number; '@odata.nextLink'?: string };
    if (response.status !== 200) throw new CliError(body.error?.message ?? `status ${response.status}`, 1);
    const columns = explanation.query.select === '*' ? DEFAULT_COLUMNS : [...explanation.query.select];
    printTable(columns, body.value ?? [], io);
    const count = body['@odata.count'] !== undefined ? ` of ${body['@odata.count']}` : '';
    io.out(`${body.value?.length ?? 0}${count} job(s) of service principal ${spId}${body['@odata.nextLink'] ? '; more pages follow (this is one page of $top, or 100: follow @odata.nextLink over HTTP)' : ''}`);
    return 0;
  } finally {
    await emulator.close();
  }
}

function onlyServicePrincipal(ids: readonly string[]): string {
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new CliError('the database has no service principals; seed one first', 1);
  throw new CliError(`the database has ${ids.length} service principals; choose one with --sp: ${ids.join(', ')}`);
}

/** The 400's message, then the option with a caret under the position. */
function printQueryError(error: ODataQueryError, io: CommandIo): void {
  io.err(`syncemu: ${error.message}`);
  if (error.position === undefined || error.text === undefined || error.option === 'query') return;
  const prefix = `  ${error.option}=`;
  io.err(`${prefix}${error.text}`);
  io.err(`${' '.repeat(prefix.length + error.position)}^`);
}

function printTable(columns: readonly string[], rows: readonly Record<string, unknown>[], io: CommandIo): void {
  const cells = rows.map((row) => columns.map((column) => cell(pick(row, column))));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ').trimEnd();
  io.out(line(columns));
  io.out(line(widths.map((width) => '-'.repeat(width))));
  for (const row of cells) io.out(line(row));
}

function pick(row: Record<string, unknown>, path: string): unknown {
  return path.split('/').reduce<unknown>((value, name) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined), row);
}

function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

import { parseArgs } from 'node:util';
import { isDateTimeOffset } from '../payload/value-checker.js';
import { FixtureError } from '../fixtures/fixture.js';
import { EmulatorOptionError } from '../emulator.js';
import { StoreOpenError } from '@syncemu/store';
import { CertificateError } from '../server/certificate.js';
import { CliError, type CommandIo } from './cli-io.js';
import { DEFAULT_DATABASE, SERVE_HELP, serve, type ServeSettings } from './serve-command.js';
import { SEED_HELP, seed } from './seed-command.js';
import { QUERY_HELP, query } from './query-command.js';

export const MAIN_HELP = `Usage: syncemu <command> [options]

An offline emulator of the Microsoft Graph synchronization API (Entra ID app provisioning jobs).

Commands:
  serve        serve the API over HTTP (see: syncemu serve --help)
  seed FILE    load a fixture into a database (see: syncemu seed --help)
  query '...'  run OData query options against stored jobs, or explain them (see: syncemu query --help)

In a project that installed @syncemu/core: npx syncemu <command> ...
In the syncemu repository: pnpm syncemu <command> ...
`;

export interface CliResult {
  readonly exitCode: number;
  /** For `serve`: stops the server; the process stays up until it is called. */
  readonly stop?: () => Promise<void>;
}

/** Runs the CLI with `argv` (without node and the script); never calls process.exit itself. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): Promise<CliResult> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(MAIN_HELP);
        return { exitCode: command === undefined ? 2 : 0 };
      case 'serve':
        return await serveCommand(rest, env, io);
      case 'seed':
        return await seedCommand(rest, env, io);
      case 'query':
        return await queryCommand(rest, env, io);
      default:
        throw new CliError(`unknown command '${command}'\n\n${MAIN_HELP}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`syncemu: ${error.message}`);
      return { exitCode: error.exitCode };
    }
    if (error instanceof FixtureError || error instanceof StoreOpenError || error instanceof EmulatorOptionError || error instanceof CertificateError) {
      io.err(`syncemu: ${error.message}`);
      return { exitCode: 1 };
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES') {
      io.err(`syncemu: cannot listen: ${(error as Error).message}`);
      return { exitCode: 1 };
    }
    throw error;
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Parses flags strictly; returns every value as a string (or true for --help). */
function parse(args: readonly string[], options: OptionSpec, help: string): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${help}`);
  }
}

async function serveCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): Promise<CliResult> {
  const { values, positionals } = parse(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      'tenant-id': { type: 'string' },
      'service-principals': { type: 'string' },
      'id-seed': { type: 'string' },
      clock: { type: 'string' },
      'time-scale': { type: 'string' },
      'clock-start': { type: 'string' },
      'no-control': { type: 'boolean' },
      'require-auth': { type: 'boolean' },
      https: { type: 'boolean' },
      'journal-size': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
    SERVE_HELP,
  );
  if (values['help']) {
    io.out(SERVE_HELP);
    return { exitCode: 0 };
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n\n${SERVE_HELP}`);
  const portText = (values['port'] as string | undefined) ?? env['SYNCEMU_PORT'] ?? '5555';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not '${portText}'`);
  const mode = (values['service-principals'] as string | undefined) ?? 'auto';
  if (mode !== 'auto' && mode !== 'registered') throw new CliError(`--service-principals must be 'auto' or 'registered', not '${mode}'`);
  const idSeedText = values['id-seed'] as string | undefined;
  if (idSeedText !== undefined && !/^-?\d+$/.test(idSeedText)) throw new CliError(`--id-seed must be an integer, not '${idSeedText}'`);
  const clock = (values['clock'] as string | undefined) ?? 'system';
  if (clock !== 'system' && clock !== 'manual') throw new CliError(`--clock must be 'system' or 'manual', not '${clock}'`);
  const scaleText = (values['time-scale'] as string | undefined) ?? '1';
  const timeScale = Number(scaleText);
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new CliError(`--time-scale must be a positive number, not '${scaleText}'`);
  if (clock === 'manual' && values['time-scale'] !== undefined) throw new CliError(`--time-scale applies to the system clock; a manual clock moves only when told to`);
  const startText = values['clock-start'] as string | undefined;
  if (startText !== undefined) {
    if (clock !== 'manual') throw new CliError(`--clock-start applies to the manual clock (--clock manual); the system clock reads real time`);
    if (!isDateTimeOffset(startText)) {
      throw new CliError(`--clock-start must be an ISO 8601 instant with its offset, such as 2025-01-01T00:00:00Z, not '${startText}'`);
    }
  }
  const journalText = (values['journal-size'] as string | undefined) ?? '10000';
  if (!/^\d+$/.test(journalText)) throw new CliError(`--journal-size must be a whole number (0 keeps no journal), not '${journalText}'`);
  const cert = values['cert'] as string | undefined;
  const key = values['key'] as string | undefined;
  if ((cert === undefined) !== (key === undefined)) throw new CliError(`--cert and --key go together: give both PEM files, or neither (then --https makes a certificate for localhost)`);
  const settings: ServeSettings = {
    clock,
    https: values['https'] === true || cert !== undefined,
    journalSize: Number(journalText),
    ...(cert !== undefined && key !== undefined && { certificate: { cert, key } }),
    timeScale,
    control: values['no-control'] !== true,
    requireAuth: values['require-auth'] === true,
    port,
    host: (values['host'] as string | undefined) ?? env['SYNCEMU_HOST'] ?? '127.0.0.1',
    database: (values['db'] as string | undefined) ?? env['SYNCEMU_DB'] ?? DEFAULT_DATABASE,
    servicePrincipals: mode,
    ...(values['seed'] !== undefined && { seed: values['seed'] as string }),
    ...(values['tenant-id'] !== undefined && { tenantId: values['tenant-id'] as string }),
    ...(idSeedText !== undefined && { idSeed: Number(idSeedText) }),
    ...(startText !== undefined && { clockStart: startText }),
  };
  const stop = await serve(settings, io);
  return { exitCode: 0, stop };
}

async function seedCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): Promise<CliResult> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, 'tenant-id': { type: 'string' } }, SEED_HELP);
  if (values['help']) {
    io.out(SEED_HELP);
    return { exitCode: 0 };
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new CliError(`seed needs a fixture FILE\n\n${SEED_HELP}`);
  if (extra !== undefined) throw new CliError(`unexpected argument '${extra}'\n\n${SEED_HELP}`);
  await seed(
    file,
    {
      database: (values['db'] as string | undefined) ?? env['SYNCEMU_DB'] ?? DEFAULT_DATABASE,
      ...(values['tenant-id'] !== undefined && { tenantId: values['tenant-id'] as string }),
    },
    io,
  );
  return { exitCode: 0 };
}

async function queryCommand(args: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): Promise<CliResult> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, sp: { type: 'string' }, explain: { type: 'boolean' }, beta: { type: 'boolean' } }, QUERY_HELP);
  if (values['help']) {
    io.out(QUERY_HELP);
    return { exitCode: 0 };
  }
  if (positionals.length > 1) throw new CliError(`give the query options as one argument, quoted: syncemu query "\$filter=...&\$top=5"`);
  const exitCode = await query(
    positionals[0] ?? '',
    {
      database: (values['db'] as string | undefined) ?? env['SYNCEMU_DB'] ?? DEFAULT_DATABASE,
      explain: values['explain'] === true,
      beta: values['beta'] === true,
      ...(values['sp'] !== undefined && { servicePrincipalId: values['sp'] as string }),
    },
    io,
  );
  return { exitCode };
}


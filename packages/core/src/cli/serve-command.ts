import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDatabaseOption, createEmulator } from '../emulator.js';
import { isPostgresUrl } from '../emulator/options.js';
import { FixtureJsonError } from '../fixtures/fixture-outline.js';
import { certificateFiles } from '../server/certificate.js';
import { CliError, type CommandIo } from './cli-io.js';

export const DEFAULT_DATABASE = './data/syncemu.sqlite';

export interface ServeSettings {
  readonly port: number;
  readonly host: string;
  readonly database: string;
  readonly seed?: string;
  readonly tenantId?: string;
  readonly servicePrincipals: 'auto' | 'registered';
  readonly idSeed?: number;
  readonly clock: 'system' | 'manual';
  /** Where a manual clock starts (ISO 8601); now when absent. */
  readonly clockStart?: string;
  readonly timeScale: number;
  readonly control: boolean;
  readonly requireAuth: boolean;
  /** How many answered requests the journal keeps. */
  readonly journalSize: number;
  /** Serve TLS: with `certificate` (PEM files), else with syncemu's own certificate for localhost. */
  readonly https?: boolean;
  readonly certificate?: { readonly cert: string; readonly key: string };
}

export const SERVE_HELP = `Usage: syncemu serve [options]

Serves the Microsoft Graph synchronization API emulator over HTTP.

Options:
  --port N                 port to listen on (default 5555; 0 takes a free port)   [SYNCEMU_PORT]
  --host HOST              address to bind (default 127.0.0.1)                      [SYNCEMU_HOST]
  --db PATH|:memory:|URL   SQLite database (default ${DEFAULT_DATABASE}; folder created), or a
                           PostgreSQL URL postgres://user:password@host:5432/db: several servers
                           over one database are one emulator                       [SYNCEMU_DB]
  --seed FILE              load a fixture (JSON) before serving; all or nothing; a reset
                           (POST /_syncemu/reset) loads it again
  --journal-size N         how many answered requests GET /_syncemu/requests keeps (default 10000)
  --tenant-id GUID         tenant id used in new job ids
  --service-principals M   'auto' (any GUID is a service principal) or 'registered' (only seeded ones)
  --id-seed N              make generated job ids reproducible
  --clock system|manual    'system' (default): real time; 'manual': time moves only through
                           POST /_syncemu/clock/advance (for tests driving the server over HTTP)
  --clock-start ISO        with the manual clock, the instant it starts at (default: now),
                           e.g. 2025-01-01T00:00:00Z, so runs over HTTP are reproducible
  --time-scale N           with the system clock, run N times faster (60: an hour a minute)
  --no-control             do not serve the /_syncemu/ control routes (for a server others reach)
  --require-auth           401 without a bearer token; 403 for writes whose token's scp/roles lack
                           Synchronization.ReadWrite.All (the signature is not checked)
  --https                  serve TLS with a self-signed certificate for localhost, 127.0.0.1 and ::1,
                           made on first use and kept beside the database (for :memory:, in the
                           user's cache folder); its path is printed: use it as NODE_EXTRA_CA_CERTS
  --cert FILE --key FILE   serve TLS with this certificate and key (PEM; implies --https)
  -h, --help               show this help

When ready it prints "syncemu listening on http://HOST:PORT" (https:// with --https) and the two
base URLs; with --https also "syncemu certificate: PATH".
SIGINT or SIGTERM closes the server and the database cleanly.
`;

/** Opens the database, applies the fixture, listens, and returns a function that stops it all. */
export async function serve(settings: ServeSettings, io: CommandIo): Promise<() => Promise<void>> {
  checkDatabaseOption(settings.database); // before the folder: a URL must not become one
  if (settings.database !== ':memory:' && !isPostgresUrl(settings.database)) mkdirSync(dirname(resolve(settings.database)), { recursive: true });
  const emulator = await fixtureErrors(settings.seed, () => createEmulator({
    ...(settings.seed !== undefined && { fixtureFile: settings.seed }),
    journalSize: settings.journalSize,
    database: settings.database,
    clock: settings.clock === 'manual' ? { kind: 'manual', ...(settings.clockStart !== undefined && { start: settings.clockStart }) } : { kind: 'system', timeScale: settings.timeScale },
    servicePrincipals: settings.servicePrincipals,
    control: settings.control,
    requireAuth: settings.requireAuth,
    ...(settings.tenantId !== undefined && { tenantId: settings.tenantId }),
    ...(settings.idSeed !== undefined && { idSeed: settings.idSeed }),
  }).ready);
  try {
    const seeded = emulator.startupSeed;
    if (settings.seed !== undefined && seeded !== undefined) {
      io.err(`syncemu: seeded ${seeded.servicePrincipals} service principal(s), ${seeded.jobs} job(s) from ${settings.seed} (POST /_syncemu/reset applies it again)`);
    }
    const https = settings.certificate ? certificateFiles(settings.certificate.cert, settings.certificate.key) : settings.https === true;
    const server = await emulator.listen({ port: settings.port, host: settings.host, https });
    io.out(`syncemu listening on ${server.url}`);
    io.out(`${server.url}/v1.0`);
    io.out(`${server.url}/beta`);
    if (server.certificatePath !== undefined) io.out(`syncemu certificate: ${server.certificatePath}`);
    return async () => {
      await emulator.close();
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/**
 * Runs `work`, which reads the fixture file `path`, with errors that name the file: one that cannot
 * be read, or that is not JSON (a fixture that is JSON but not valid says its JSON path itself).
 */
export async function fixtureErrors<T>(path: string | undefined, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (path === undefined) throw error;
    if (error instanceof FixtureJsonError) throw new CliError(`the fixture '${path}' is not valid JSON: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined) throw new CliError(`cannot read the fixture '${path}': ${code}`);
    throw error;
  }
}

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDatabaseOption, createEmulator } from '../emulator.js';
import { isPostgresUrl } from '../emulator/options.js';
import type { CommandIo } from './cli-io.js';
import { DEFAULT_DATABASE, fixtureErrors } from './serve-command.js';

export const SEED_HELP = `Usage: syncemu seed FILE [options]

Loads a fixture (JSON, the format of decisions.md §7) into a database and exits. Everything is
upserted by id in one transaction: an invalid fixture changes nothing and is reported with the
JSON path of its first problem.

Options:
  --db PATH|URL      SQLite database (default ${DEFAULT_DATABASE}; folder created), or a
                     PostgreSQL URL postgres://user:password@host:5432/db        [SYNCEMU_DB]
  --tenant-id GUID   tenant id used in the ids of fixture jobs given without one
  -h, --help         show this help
`;

export async function seed(file: string, settings: { database: string; tenantId?: string }, io: CommandIo): Promise<void> {
  checkDatabaseOption(settings.database); // before the folder: a URL must not become one
  if (settings.database !== ':memory:' && !isPostgresUrl(settings.database)) mkdirSync(dirname(resolve(settings.database)), { recursive: true });
  const emulator = createEmulator({ database: settings.database, ...(settings.tenantId !== undefined && { tenantId: settings.tenantId }) });
  try {
    const summary = await fixtureErrors(file, () => emulator.seedFile(file));
    io.out(
      `seeded ${settings.database}: ${summary.servicePrincipals} service principal(s), ${summary.templates} template(s), ${summary.secrets} secret(s), ${summary.jobs} job(s)`,
    );
  } finally {
    await emulator.close();
  }
}

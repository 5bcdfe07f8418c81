#!/usr/bin/env node
// The PostgreSQL tests start a throwaway PostgreSQL (tests/support/postgres.ts) from the machine's
// binaries. This finds `initdb` and `pg_ctl` (SYNCEMU_PG_BIN, then PATH, then Debian's
// /usr/lib/postgresql/*/bin) and, when there are none and apt-get can be used (as root), installs
// Debian's `postgresql` package. Prints the folder of the binaries.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installWithApt } from './apt-package.mjs';

export function findPostgresBin() {
  const chosen = process.env.SYNCEMU_PG_BIN;
  if (chosen) return existsSync(join(chosen, 'initdb')) ? chosen : undefined;
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return dirname(onPath.stdout.trim());
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).filter((name) => existsSync(join(debian, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(debian, versions[0], 'bin');
}

export function ensurePostgres() {
  const found = findPostgresBin();
  if (found) return found;
  if (process.env.SYNCEMU_PG_BIN) throw new Error(`SYNCEMU_PG_BIN names ${process.env.SYNCEMU_PG_BIN}, which has no initdb.`);
  installWithApt(
    'postgresql',
    'the PostgreSQL tests',
    'The PostgreSQL tests need PostgreSQL 15 or newer: install it (Debian/Ubuntu: `sudo apt-get install -y postgresql`) or point SYNCEMU_PG_BIN at the folder of its initdb and pg_ctl.',
  );
  const installed = findPostgresBin();
  if (!installed) throw new Error('apt-get installed postgresql, but no initdb was found');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensurePostgres());
  } catch (error) {
    console.error(`ensure-postgres: ${error.message}`);
    process.exit(1);
  }
}

/**
 * The repository's own commands: `pnpm syncemu …` (scripts/syncemu.mjs) runs the built CLI and
 * compiles only when a source changed since the last build.
 */
import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const LAUNCHER = fileURLToPath(new URL('../../scripts/syncemu.mjs', import.meta.url));
const SOURCE = fileURLToPath(new URL('../../packages/odata/src/index.ts', import.meta.url));

/** `node scripts/syncemu.mjs --help`: what it printed on each stream. */
function launch(): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [LAUNCHER, '--help'], { encoding: 'utf8' });
  return { status, stdout, stderr };
}

test('pnpm syncemu runs the built CLI without compiling when nothing changed, and compiles what changed', () => {
  // the suite ran `tsc -b` first: everything is built
  const quiet = launch();
  assert.is(quiet.status, 0);
  assert.match(quiet.stdout, /^Usage: syncemu <command>/);
  assert.is(quiet.stderr, '', 'nothing compiled');
  // a source newer than its build: that package (and what depends on it) is compiled, once
  const { atime, mtime } = statSync(SOURCE);
  const future = new Date(Date.now() + 5_000);
  utimesSync(SOURCE, future, future);
  try {
    const building = launch();
    assert.match(building.stderr, /^syncemu: building @syncemu\/odata \(sources changed since the last build\)$/m);
    assert.match(building.stdout, /^Usage: syncemu <command>/);
  } finally {
    utimesSync(SOURCE, atime, mtime);
  }
  assert.is(launch().stderr, '', 'built: nothing more to compile');
});

test.run();

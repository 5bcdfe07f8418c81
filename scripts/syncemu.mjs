#!/usr/bin/env node
// `pnpm syncemu …` and `pnpm start` in this repository: the built CLI (packages/core/dist/src/cli.js),
// compiled first only when it must be: when a source of core, store or odata (or a tsconfig of
// theirs) is newer than that package's last build. With nothing changed, nothing is
// compiled. `pnpm build` compiles everything (tests and bench too).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PACKAGES = ['odata', 'store', 'core'];

/** The newest modification time of the files under `path` (0 for none). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

const stale = PACKAGES.filter((name) => {
  const dir = join(root, 'packages', name);
  const built = join(dir, 'dist', 'tsconfig.tsbuildinfo');
  if (!existsSync(built) || !existsSync(join(root, 'packages', 'core', 'dist', 'src', 'cli.js'))) return true;
  // what tsc -b itself weighs: the sources and the configs (it leaves a build alone for anything else)
  const sources = Math.max(newest(join(dir, 'src')), newest(join(dir, 'test')), newest(join(dir, 'tsconfig.json')), newest(join(root, 'tsconfig.base.json')));
  return sources > statSync(built).mtimeMs;
});
if (stale.length > 0) {
  process.stderr.write(`syncemu: building ${stale.map((name) => `@syncemu/${name}`).join(', ')} (sources changed since the last build)\n`);
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', join(root, 'packages', 'core')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// the workbench page (Vite), when its sources changed since it was built
const page = spawnSync(process.execPath, [join(root, 'packages', 'core', 'scripts', 'build-workbench.mjs'), '--if-stale'], { stdio: 'inherit' });
if (page.status !== 0) process.exit(page.status ?? 1);
const cli = spawnSync(process.execPath, [join(root, 'packages', 'core', 'dist', 'src', 'cli.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(cli.status ?? (cli.signal ? 1 : 0));

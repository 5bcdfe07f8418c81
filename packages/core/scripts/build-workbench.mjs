#!/usr/bin/env node
// Builds the workbench page (packages/core/workbench: Preact + TypeScript) with Vite into
// dist/workbench/, the static files `syncemu serve` answers at `/` and `/_syncemu/workbench/`.
// Type-checks it first (Vite only strips types). `--if-stale`: only when a source is newer than the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = resolve(fileURLToPath(new URL('..', import.meta.url)));
const source = join(core, 'workbench');
const outDir = join(core, 'dist', 'workbench');
const built = join(outDir, 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

if (process.argv.includes('--if-stale') && existsSync(built) && newest(source) <= statSync(built).mtimeMs) process.exit(0);

const require = createRequire(join(core, 'package.json'));
const tsc = require.resolve('typescript/bin/tsc');
const check = spawnSync(process.execPath, [tsc, '-p', join(source, 'tsconfig.json')], { stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

const { build } = await import(require.resolve('vite'));
await build({
  configFile: false,
  root: source,
  base: '/_syncemu/workbench/',
  logLevel: 'warn',
  // Preact's JSX, compiled by Vite's own transformer (no Babel, no plugin)
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir, emptyOutDir: true, assetsDir: 'assets', modulePreload: { polyfill: false }, reportCompressedSize: false },
});

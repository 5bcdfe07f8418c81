#!/usr/bin/env node
// Packs @syncemu/odata, @syncemu/store and @syncemu/core (built JavaScript, types, README and
// LICENSE) into a folder, ./packages-dist unless given: what `npm install` takes in a project of
// your own until the packages are on the registry. Build first (`pnpm build`); `pnpm pack:all` does both.
//
// node scripts/pack.mjs [DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const out = resolve(process.argv[2] ?? join(root, 'packages-dist'));
mkdirSync(out, { recursive: true });
for (const name of ['odata', 'store', 'core']) {
  execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', out], { cwd: join(root, 'packages', name), stdio: ['ignore', 'ignore', 'inherit'] });
}
const tarballs = readdirSync(out).filter((file) => /^syncemu-(odata|store|core)-.+\.tgz$/.test(file)).map((file) => join(out, file));
console.log(tarballs.join('\n'));
console.error(`\nIn your project: npm install --save-dev ${tarballs.join(' ')}`);

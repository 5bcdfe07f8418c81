/**
 * Every code block of every README runs, or says why not. Each fenced block is preceded by a
 * marker, `<!-- readme: … -->`:
 * - `run`: a `ts`/`js` block is compiled (TypeScript's transpileModule) and run with node, as an
 *   ES module of its own, from a folder where the workspace packages and the test tools resolve;
 *   it must exit 0 (the blocks assert what they show);
 * - `run with a server…`: a `sh` block is run by bash against a fresh `listen()`ed emulator, its
 *   `http://127.0.0.1:5555` replaced by the server's URL;
 * - `run as a fixture…`: a `json` block is seeded into a fresh emulator;
 * - `options of syncemu X`: every `--flag` of the synopsis is one `syncemu X --help` documents;
 * - `session…`: each `$ ` line runs in a folder with a seeded `./data/syncemu.sqlite` (`npx syncemu`
 *   being the built CLI); what it prints must be the lines that follow;
 * - `not run: reason`: not run, and the reason must be given.
 * Blocks between the benchmark markers are written by `pnpm bench --update-readme` (output, not code).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';
import { createEmulator } from '@syncemu/core';
import { CLI } from './support/cli-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READMES = ['README.md', 'packages/core/README.md', 'packages/odata/README.md', 'packages/store/README.md', 'tests/README.md', 'bench/README.md'];
/** Where run blocks are written: inside tests/, so that @syncemu/*, msw and the Graph client resolve. */
const RUN_DIR = fileURLToPath(new URL('./readme-blocks/', import.meta.url));

interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  /** The marker's text, or undefined when the block has none. */
  readonly marker?: string;
  /** Inside the benchmark table markers. */
  readonly generated: boolean;
}

function blocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const found: Block[] = [];
  let generated = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.includes('<!-- bench:start -->')) generated = true;
    if (line.includes('<!-- bench:end -->')) generated = false;
    const open = /^```(\S*)\s*$/.exec(line);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    const marker = /^<!-- readme: (.*) -->$/.exec(lines[before]?.trim() ?? '')?.[1];
    found.push({ file, line: start + 1, lang: open[1]!, code: lines.slice(start + 1, end).join('\n'), ...(marker !== undefined && { marker }), generated });
    i = end;
  }
  return found;
}

const ALL = READMES.flatMap(blocks);
const where = (block: Block) => `${block.file}:${block.line}`;

test('every code block of the READMEs is marked: run by this suite, or not run with a reason', () => {
  const unmarked = ALL.filter((block) => !block.generated && block.marker === undefined).map(where);
  assert.equal(unmarked, [], `blocks without a <!-- readme: … --> marker: ${unmarked.join(', ')}`);
  for (const block of ALL.filter((b) => b.marker?.startsWith('not run'))) {
    assert.match(block.marker!, /^not run: \S.{10,}/, `${where(block)}: a block not run says why`);
  }
  const known = /^(run|run with a server.*|run as a fixture.*|options of syncemu (serve|seed|query)|session.*|not run: .+)$/;
  for (const block of ALL.filter((b) => b.marker !== undefined)) assert.match(block.marker!, known, `${where(block)}: unknown marker '${block.marker}'`);
  assert.ok(ALL.filter((b) => b.marker === 'run').length >= 6, 'the examples run');
});

test("the 'run' blocks (ts, js) run: compiled and run with node as modules of their own, each exits 0", () => {
  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
  const failures: string[] = [];
  const runs = ALL.filter((block) => block.marker === 'run');
  for (const [i, block] of runs.entries()) {
    assert.ok(['ts', 'js', 'mjs'].includes(block.lang), `${where(block)}: a 'run' block is ts or js, not '${block.lang}'`);
    const js = block.lang === 'ts' ? ts.transpileModule(block.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : block.code;
    const path = join(RUN_DIR, `block-${i}.mjs`);
    writeFileSync(path, `// ${where(block)}\n${js}`);
    const cache = mkdtempSync(join(tmpdir(), 'syncemu-readme-'));
    const result = spawnSync(process.execPath, [path], { cwd: RUN_DIR, encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CACHE_HOME: cache } });
    rmSync(cache, { recursive: true, force: true });
    if (result.status !== 0) failures.push(`${where(block)} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  assert.equal(failures, [], failures.join('\n\n'));
});

test("the 'run with a server' sh blocks run with bash against a fresh server", async () => {
  const shells = ALL.filter((block) => block.marker?.startsWith('run with a server'));
  assert.ok(shells.length >= 1);
  for (const block of shells) {
    const emulator = createEmulator();
    const server = await emulator.listen({ port: 0 });
    try {
      const script = block.code.replaceAll('http://127.0.0.1:5555', server.url);
      // asynchronously: the server answers from this process's event loop
      const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
        );
      });
      assert.is(result.status, 0, `${where(block)}: ${result.stdout}${result.stderr}`);
      // what the comments promise: a 201 with a Location, and the Graph-shaped 400 at the end
      assert.match(result.stdout, /HTTP\/1\.1 201 Created/);
      assert.match(result.stdout, /^Location: /im);
      assert.match(result.stdout, /HTTP\/1\.1 204 No Content/);
      assert.match(result.stdout, /\{"error":\{"code":"BadRequest","message":"Could not find a property named 'nope' on type 'microsoft\.graph\.synchronizationStatus'\."/);
      if (block.code.includes('/_syncemu/')) {
        // the test-control block: the snapshot, the throttled GET, the journal, reset and restore
        assert.match(result.stdout, /\{"name":"one job","createdAt":"[^"]+","jobs":1\}/);
        assert.match(result.stdout, /HTTP\/1\.1 429 Too Many Requests[\s\S]*Retry-After: 2[\s\S]*"code":"TooManyRequests"/);
        assert.match(result.stdout, /"@odata\.count":2,"@odata\.nextLink":"[^"]*_syncemu\/requests\?[^"]*","value":\[\{"id":2,[^\n]*"status":429[^\n]*"fault":"1"/);
        assert.match(result.stdout, /"@odata\.count":1,"value":\[\{"id":"scim\./);
        assert.match(result.stdout, /"message":"Invalid fault rule: 'respond\.status' must be an HTTP error status from 400 to 599, not 200\."/);
      }
    } finally {
      await emulator.close();
    }
  }
});

test("the fixture blocks seed a fresh emulator", async () => {
  const fixtures = ALL.filter((block) => block.marker?.startsWith('run as a fixture'));
  assert.ok(fixtures.length >= 1);
  for (const block of fixtures) {
    const emulator = createEmulator();
    try {
      const summary = await emulator.seed(JSON.parse(block.code));
      assert.ok(summary.servicePrincipals > 0 && summary.jobs > 0, `${where(block)}: seeded ${JSON.stringify(summary)}`);
    } finally {
      await emulator.close();
    }
  }
});

test('the CLI synopses list only options that `syncemu <command> --help` documents', () => {
  for (const block of ALL.filter((b) => b.marker?.startsWith('options of syncemu'))) {
    const command = /options of syncemu (\w+)/.exec(block.marker!)![1]!;
    const help = execFileSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' });
    const flags = [...block.code.matchAll(/--[a-z-]+/g)].map((match) => match[0]);
    assert.ok(flags.length > 0 || command === 'seed', `${where(block)}: no options`);
    for (const flag of flags) assert.ok(new RegExp(`(^|\\s)${flag}\\b`, 'm').test(help), `${where(block)}: ${flag} is not in syncemu ${command} --help`);
  }
});

test('the CLI sessions print what the README shows', async () => {
  for (const block of ALL.filter((b) => b.marker?.startsWith('session'))) {
    const dir = mkdtempSync(join(tmpdir(), 'syncemu-session-'));
    try {
      writeFileSync(join(dir, 'fixture.json'), JSON.stringify({ servicePrincipals: [{ id: '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c', jobs: [{ templateId: 'scim' }] }] }));
      execFileSync(process.execPath, [CLI, 'seed', join(dir, 'fixture.json'), '--db', join(dir, 'data', 'syncemu.sqlite')], { stdio: 'ignore' });
      const lines = block.code.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('$ ')) continue;
        let next = i + 1;
        while (next < lines.length && !lines[next]!.startsWith('$ ')) next++;
        const expected = lines.slice(i + 1, next).join('\n').trimEnd();
        const command = lines[i]!.slice(2).replace(/^npx syncemu /, `node ${JSON.stringify(CLI)} `);
        const result = spawnSync('bash', ['-c', `${command} 2>&1`], { cwd: dir, encoding: 'utf8' });
        assert.is(result.stdout.trimEnd(), expected, `${where(block)}: ${lines[i]}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test.run();

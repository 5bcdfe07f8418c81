import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Met = 'yes' | 'NO' | '—' | 'skipped';

/** One line of the results table; the formatted columns plus the raw numbers (ms, req/s, bytes). */
export interface Row {
  readonly id: string;
  readonly scenario: string;
  readonly median: string;
  readonly p95: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: Met;
  readonly note?: string;
  readonly raw?: Record<string, unknown>;
}

/** 3.41 µs, 0.84 ms, 12.3 ms, 1.52 s */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${significant(ms * 1000)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  return `${significant(ms / 1000)} s`;
}

export function significant(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return ratio >= 100 ? `${Math.round(ratio).toLocaleString('en-US')}×` : `${ratio.toFixed(2)}×`;
}

export function formatRate(perSecond: number, unit = '/s'): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}${unit}`;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function met(ok: boolean): Met {
  return ok ? 'yes' : 'NO';
}

const COLUMNS = ['scenario', 'median', 'p95', 'baseline', 'ratio', 'target', 'met?'] as const;

/** The table as Markdown (it is pasted into the README as it is). */
export function markdownTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [row.scenario, row.median, row.p95, row.baseline, row.ratio, row.target, row.met]);
  const escape = (text: string) => text.replaceAll('|', '\\|');
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const line of cells) lines.push(`| ${line.map(escape).join(' | ')} |`);
  return lines.join('\n');
}

/** Notes under the table: what each row measured, in words. */
export function markdownNotes(rows: readonly Row[]): string {
  return rows
    .filter((row) => row.note)
    .map((row) => `- **${row.scenario}**: ${row.note}`)
    .join('\n');
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->` in a file. */
export function replaceBetweenMarkers(path: string, content: string): boolean {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf('<!-- bench:start -->');
  const end = text.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) return false;
  writeFileSync(path, `${text.slice(0, start)}<!-- bench:start -->\n${content}\n${text.slice(end)}`);
  return true;
}

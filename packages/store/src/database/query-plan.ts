/** What a reader of SQLite's `EXPLAIN QUERY PLAN` of a list wants to know at a glance. */
export interface PlanSummary {
  /** The indexes the plan uses, in the order it first names them (SQLite's names: `jobs_sp_template`, `sqlite_autoindex_jobs_1`). */
  readonly indexes: string[];
  /** Whether a line reads `table` whole without an index (`SCAN jobs`): every job of every service principal. */
  readonly fullScan: boolean;
}

const USES_INDEX = /\bUSING (?:COVERING )?INDEX (\S+)/;

/**
 * Reads the detail lines of `EXPLAIN QUERY PLAN` (`SEARCH jobs USING INDEX jobs_sp_template
 * (service_principal_id=? AND template_id=?)`, `SCAN jobs`, `USE TEMP B-TREE FOR ORDER BY`).
 * @example summarizePlan(['SCAN jobs'], 'jobs') // { indexes: [], fullScan: true }
 */
export function summarizePlan(lines: readonly string[], table: string): PlanSummary {
  const indexes: string[] = [];
  let fullScan = false;
  // `SCAN jobs`, `SCAN TABLE jobs` (SQLite before 3.36), `SCAN jobs AS j`; not `SCAN jobs USING INDEX …`
  const scan = new RegExp(`^SCAN (?:TABLE )?${table}\\b`);
  for (const line of lines) {
    const index = USES_INDEX.exec(line)?.[1];
    if (index !== undefined && !indexes.includes(index)) indexes.push(index);
    if (scan.test(line) && index === undefined && !/\bUSING\b/.test(line)) fullScan = true;
  }
  return { indexes, fullScan };
}

/** A node of PostgreSQL's `EXPLAIN (FORMAT JSON)`, as far as a summary reads it. */
interface PostgresPlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Filter?: string;
  readonly 'Sort Key'?: readonly string[];
  readonly Plans?: readonly PostgresPlanNode[];
}

/**
 * PostgreSQL's `EXPLAIN (FORMAT JSON)` of a list as lines in the manner of SQLite's (`Index Scan
 * using jobs_sp_status_code on jobs (Index Cond: …)`, `Seq Scan on jobs (Filter: …)`, `Sort
 * (jobs.template_id)`), one a node, children indented, with the same summary: the indexes used,
 * and whether `table` is read whole.
 */
export function summarizePostgresPlan(explained: unknown, table: string): PlanSummary & { readonly lines: string[] } {
  const root = (explained as ReadonlyArray<{ Plan: PostgresPlanNode }>)[0]!.Plan;
  const lines: string[] = [];
  const indexes: string[] = [];
  let fullScan = false;
  const visit = (node: PostgresPlanNode, depth: number) => {
    const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    const detail = [
      ...(node['Index Cond'] ? [`Index Cond: ${node['Index Cond']}`] : []),
      ...(node.Filter ? [`Filter: ${node.Filter}`] : []),
      ...(node['Sort Key'] ? [`Sort Key: ${node['Sort Key'].join(', ')}`] : []),
    ];
    lines.push(`${'  '.repeat(depth)}${node['Node Type']}${using}${on}${detail.length ? ` (${detail.join('; ')})` : ''}`);
    if (node['Index Name'] && !indexes.includes(node['Index Name'])) indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table) fullScan = true;
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(root, 0);
  return { lines, indexes, fullScan };
}

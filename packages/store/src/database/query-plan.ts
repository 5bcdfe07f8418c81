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

import type { Explanation } from './api.js';
import { parseTree, type TreeNode } from './filter-tree.js';

/** How the query runs: the checked filter, the SQL of the first page with its parameters, SQLite's plan, and whether an index serves it. */
export function ExplainPanel({ explanation }: { readonly explanation: Explanation | undefined }) {
  const tree = explanation?.filter ? parseTree(explanation.filter) : undefined;
  return (
    <div class="explain">
      <h2>Explain</h2>
      <p data-testid="index" class={explanation === undefined ? '' : indexVerdict(explanation).served ? 'ok' : 'warn'}>
        {explanation === undefined ? '' : indexVerdict(explanation).text}
      </p>
      <h3>Filter tree</h3>
      <div data-testid="filter-tree" class="tree">
        {tree ? <Tree node={tree} /> : <span class="muted">{explanation ? 'no $filter' : ''}</span>}
      </div>
      {explanation && explanation.orderBy.length > 0 && (
        <p>
          Order: <code>{explanation.orderBy.join(', ')}</code>
        </p>
      )}
      <h3>SQL</h3>
      <pre data-testid="sql">{explanation?.sql ?? ''}</pre>
      <pre data-testid="sql-parameters" class="muted">
        {explanation ? `parameters: ${JSON.stringify(explanation.parameters)}` : ''}
      </pre>
      <h3>SQLite plan</h3>
      <pre data-testid="plan">{explanation?.plan.join('\n') ?? ''}</pre>
    </div>
  );
}

function Tree({ node }: { readonly node: TreeNode }) {
  return (
    <ul>
      <li>
        <code>{node.label}</code>
        {node.children.map((child, index) => (
          <Tree key={index} node={child} />
        ))}
      </li>
    </ul>
  );
}

/**
 * What the plan says about indexes: which one narrows the rows read and by which columns. The
 * service principal's key alone means every job of it is read and the filter checked on each.
 */
export function indexVerdict(explanation: Explanation): { served: boolean; text: string } {
  const sorted = explanation.plan.some((line) => /USE TEMP B-TREE FOR ORDER BY/.test(line)) ? ' Sorted in a temporary B-tree (no index gives this order).' : '';
  if (explanation.fullScan) return { served: false, text: `Full scan: every job of the table is read.${sorted}` };
  const search = explanation.plan.map((line) => /SEARCH jobs USING (?:COVERING )?INDEX (\S+) \(([^)]*)\)/.exec(line)).find((match) => match !== null);
  if (!search) return { served: true, text: `Index: ${explanation.indexes.join(', ') || 'none named'}.${sorted}` };
  const columns = search[2]!.split(' AND ').map((term) => term.replace(/[<>=!].*$/, '').trim());
  const narrowed = columns.filter((column) => column !== 'service_principal_id');
  if (narrowed.length === 0 && explanation.filter !== null) {
    return { served: false, text: `Index ${search[1]} narrows by service principal only: the filter is checked on each of its jobs.${sorted}` };
  }
  return { served: true, text: `Served by index ${search[1]} (${columns.join(', ')}).${sorted}` };
}

import type { Explanation } from './api.js';
import { parseTree, type TreeNode } from './filter-tree.js';

/** How the query runs: the checked filter, the SQL of the first page with its parameters, SQLite's plan, and whether an index serves it. */
export function ExplainPanel({ explanation }: { readonly explanation: Explanation | undefined }) {
  const tree = explanation?.filter ? parseTree(explanation.filter) : undefined;
  return (
    <div class="explain">
      <h2>Explain</h2>
      <p data-testid="index" class={explanation?.fullScan ? 'warn' : 'ok'}>
        {explanation === undefined
          ? ''
          : explanation.fullScan
            ? `Full scan: no index serves this query${explanation.indexes.length ? ` beyond ${explanation.indexes.join(', ')}` : ''}.`
            : `Served by index ${explanation.indexes.join(', ') || '(the primary key)'}.`}
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

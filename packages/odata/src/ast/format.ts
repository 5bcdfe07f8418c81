import type { TypedExpr, ValueType } from './nodes.js';

/**
 * A checked expression as a fully parenthesised S-expression with types, for `explain`:
 * `(and (eq status/code:synchronizationStatusCode 'Quarantine') (ge … 3))`.
 */
export function formatTypedExpr(expr: TypedExpr): string {
  switch (expr.kind) {
    case 'literal':
      return formatLiteral(expr.value, expr.type);
    case 'member': {
      const path = [...(expr.variable !== undefined ? [expr.variable] : []), ...expr.properties.map((p) => p.name)].join('/');
      return `${path}:${shortType(expr.type)}`;
    }
    case 'binary':
      return `(${expr.operator} ${formatTypedExpr(expr.left)} ${formatTypedExpr(expr.right)})`;
    case 'not':
      return `(not ${formatTypedExpr(expr.operand)})`;
    case 'negate':
      return `(- ${formatTypedExpr(expr.operand)})`;
    case 'in':
      return `(in ${formatTypedExpr(expr.operand)} [${expr.list.map(formatTypedExpr).join(' ')}])`;
    case 'call':
      return `(${expr.name}${expr.args.map((arg) => ` ${formatTypedExpr(arg)}`).join('')})`;
    case 'lambda':
      return expr.predicate === undefined
        ? `(${expr.operator} ${formatTypedExpr(expr.collection)})`
        : `(${expr.operator} ${formatTypedExpr(expr.collection)} ${expr.variable} ${formatTypedExpr(expr.predicate)})`;
  }
}

function formatLiteral(value: unknown, type: ValueType): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'${type.kind === 'primitive' && type.name === 'Edm.String' ? '' : `:${shortType(type)}`}`;
  return String(value);
}

function shortType(type: ValueType): string {
  if (type.kind === 'null') return 'null';
  if (type.kind === 'collection') return `Collection(${type.of.name.split('.').pop()})`;
  return type.name.split('.').pop()!;
}

import type { Expr, LiteralNode, MemberNode, TypedExpr, TypedLiteral, TypedMember, ValueType, Span } from '../ast/nodes.js';
import { primitive, typeName, type ComplexType, type EdmType, type EnumType, type PropertyDef, type PrimitiveName } from '../model/edm.js';
import { semanticError, unknownProperty, type QueryOptionName } from '../errors.js';
import { isDuration } from '../model/temporal.js';
import { FUNCTIONS, acceptsPrimitive, booleanType, describeKind, isNumeric } from './functions.js';

const nullType: ValueType = Object.freeze({ kind: 'null' });

interface Scope {
  readonly variables: ReadonlyMap<string, Exclude<EdmType, { kind: 'collection' }>>;
}

/**
 * Checks a parsed `$filter` against the entity type: every property exists, operands have
 * compatible types, functions get the arguments they take, and the whole is a boolean.
 * Returns the same tree with a type on every node.
 */
export function checkFilter(expr: Expr, root: ComplexType, text: string, option: QueryOptionName = '$filter'): TypedExpr {
  const checker = new Checker(root, text, option);
  const typed = checker.check(expr, { variables: new Map() });
  if (!isBoolean(typed.type)) {
    throw semanticError(option, text, expr.span.start, `the expression is of type ${describe(typed.type)}, but a filter must be a boolean`);
  }
  return typed;
}

/** Checks one `$orderby` key: any primitive or enum value, never a collection or complex value. */
export function checkOrderByExpression(expr: Expr, root: ComplexType, text: string): TypedExpr {
  const checker = new Checker(root, text, '$orderby');
  const typed = checker.check(expr, { variables: new Map() });
  if (typed.type.kind === 'collection' || typed.type.kind === 'complex') {
    throw semanticError('$orderby', text, expr.span.start, `cannot order by ${describe(typed.type)}: only primitive and enum values can be ordered`);
  }
  return typed;
}

class Checker {
  constructor(
    private readonly root: ComplexType,
    private readonly text: string,
    private readonly option: QueryOptionName,
  ) {}

  check(expr: Expr, scope: Scope): TypedExpr {
    switch (expr.kind) {
      case 'literal':
        return this.literal(expr);
      case 'member':
        return this.member(expr, scope);
      case 'lambda': {
        const collection = this.member(expr.collection, scope);
        if (collection.type.kind !== 'collection') {
          throw this.error(expr.collection.span, `'${lastName(expr.collection)}' is ${describe(collection.type)}, not a collection, so '${expr.operator}' cannot apply to it`);
        }
        if (!expr.variable || !expr.predicate) {
          return { kind: 'lambda', operator: expr.operator, collection, type: booleanType, span: expr.span };
        }
        const variables = new Map(scope.variables);
        variables.set(expr.variable.name, collection.type.of);
        const predicate = this.check(expr.predicate, { variables });
        this.expectBoolean(predicate, `the predicate of '${expr.operator}'`);
        return { kind: 'lambda', operator: expr.operator, collection, variable: expr.variable.name, predicate, type: booleanType, span: expr.span };
      }
      case 'not': {
        const operand = this.check(expr.operand, scope);
        this.expectBoolean(operand, `the operand of 'not'`);
        return { kind: 'not', operand, type: booleanType, span: expr.span };
      }
      case 'negate': {
        const operand = this.check(expr.operand, scope);
        if (!(operand.type.kind === 'primitive' && (isNumeric(operand.type.name) || operand.type.name === 'Edm.Duration')) && operand.type.kind !== 'null') {
          throw this.error(expr.span, `'-' needs a number, but its operand is ${describe(operand.type)}`);
        }
        return { kind: 'negate', operand, type: operand.type, span: expr.span };
      }
      case 'binary':
        return this.binary(expr, scope);
      case 'in': {
        const operand = this.check(expr.operand, scope);
        const list = expr.list.map((item) => this.comparable(operand, this.check(item, scope), 'in', item.span).right);
        return { kind: 'in', operand, list, type: booleanType, span: expr.span };
      }
      case 'call':
        return this.call(expr, scope);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): TypedExpr {
    const left = this.check(expr.left, scope);
    const right = this.check(expr.right, scope);
    const op = expr.operator;
    if (op === 'and' || op === 'or') {
      this.expectBoolean(left, `the left operand of '${op}'`);
      this.expectBoolean(right, `the right operand of '${op}'`);
      return { kind: 'binary', operator: op, left, right, type: booleanType, span: expr.span };
    }
    if (op === 'eq' || op === 'ne' || op === 'gt' || op === 'ge' || op === 'lt' || op === 'le') {
      const pair = this.comparable(left, right, op, expr.operatorSpan);
      return { kind: 'binary', operator: op, left: pair.left, right: pair.right, type: booleanType, span: expr.span };
    }
    // arithmetic
    const type = this.arithmeticType(left.type, right.type, op, expr.operatorSpan);
    return { kind: 'binary', operator: op, left, right, type, span: expr.span };
  }

  private arithmeticType(left: ValueType, right: ValueType, op: string, span: Span): ValueType {
    if (left.kind === 'null') return right.kind === 'null' ? nullType : right;
    if (right.kind === 'null') return left;
    if (left.kind === 'primitive' && right.kind === 'primitive' && isNumeric(left.name) && isNumeric(right.name)) {
      if (op === 'divby') return primitive('Edm.Decimal');
      const rank = (name: PrimitiveName) => ['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double'].indexOf(name);
      return rank(left.name) >= rank(right.name) ? left : right;
    }
    throw this.error(span, `'${op}' needs numbers, but its operands are ${describe(left)} and ${describe(right)}`);
  }

  /** Makes two operands comparable, turning a string literal into an enum member where the other side is an enum. */
  private comparable(left: TypedExpr, right: TypedExpr, op: string, span: Span): { left: TypedExpr; right: TypedExpr } {
    const l = left.type;
    const r = right.type;
    const isNullLiteral = (e: TypedExpr) => e.kind === 'literal' && e.value === null;
    if (l.kind === 'collection' || r.kind === 'collection') {
      throw this.error(span, `'${op}' cannot compare a collection; use any() or all() to test its items`);
    }
    if (l.kind === 'complex' || r.kind === 'complex') {
      if ((op === 'eq' || op === 'ne') && (isNullLiteral(left) || isNullLiteral(right))) return { left, right };
      throw this.error(span, `'${op}' cannot compare ${describe(l.kind === 'complex' ? l : r)}; compare one of its properties, or test it against null with eq or ne`);
    }
    if (l.kind === 'null' || r.kind === 'null') return { left, right };
    if (l.kind === 'enum') {
      const converted = this.asEnum(right, l);
      if (converted) return { left, right: converted };
    } else if (r.kind === 'enum') {
      const converted = this.asEnum(left, r);
      if (converted) return { left: converted, right };
    } else if (l.kind === 'primitive' && r.kind === 'primitive') {
      if (l.name === r.name || (isNumeric(l.name) && isNumeric(r.name))) return { left, right };
      if (l.name === 'Edm.Duration') {
        const converted = this.asDuration(right);
        if (converted) return { left, right: converted };
      } else if (r.name === 'Edm.Duration') {
        const converted = this.asDuration(left);
        if (converted) return { left: converted, right };
      }
    }
    throw this.error(span, `'${op}' cannot compare ${describe(l)} with ${describe(r)}`);
  }

  /** The operand as a value of the enum `type` (a string literal becomes a member), or undefined if it cannot be one. */
  private asEnum(operand: TypedExpr, type: EnumType): TypedExpr | undefined {
    if (operand.type.kind === 'enum') return operand.type.name === type.name ? operand : undefined;
    if (operand.kind === 'literal' && operand.type.kind === 'primitive' && operand.type.name === 'Edm.String') {
      return this.enumMember(type, String(operand.value), operand.span);
    }
    return undefined;
  }

  /**
   * A string literal as a duration: OData 4.01 lets `duration'PT40M'` be written `'PT40M'` where a
   * duration is expected. Undefined for anything but a string literal.
   */
  private asDuration(operand: TypedExpr): TypedLiteral | undefined {
    if (operand.kind !== 'literal' || operand.type.kind !== 'primitive' || operand.type.name !== 'Edm.String') return undefined;
    const text = String(operand.value);
    if (!isDuration(text)) throw this.error(operand.span, `'${text}' is not an ISO 8601 duration such as PT40M`);
    return { kind: 'literal', value: text, type: primitive('Edm.Duration'), span: operand.span };
  }

  private enumMember(type: EnumType, name: string, span: Span): TypedLiteral {
    if (!Object.hasOwn(type.members, name)) {
      throw this.error(span, `'${name}' is not a member of ${type.name}; its members are ${Object.keys(type.members).join(', ')}`);
    }
    return { kind: 'literal', value: name, type, span };
  }

  private literal(node: LiteralNode): TypedLiteral {
    if (node.edmType === 'null') return { kind: 'literal', value: null, type: nullType, span: node.span };
    if (node.edmType === 'enum') {
      const type = findEnum(this.root, node.enumTypeName ?? '');
      if (!type) throw this.error(node.span, `'${node.enumTypeName}' is not an enum type of this model`);
      return this.enumMember(type, String(node.value), node.span);
    }
    if (node.edmType === 'Edm.Duration' && !isDuration(String(node.value))) {
      throw this.error(node.span, `'${String(node.value)}' is not an ISO 8601 duration such as PT40M`);
    }
    return { kind: 'literal', value: node.value, type: primitive(node.edmType), span: node.span };
  }

  member(node: MemberNode, scope: Scope): TypedMember {
    const [first, ...rest] = node.segments;
    if (!first) throw this.error(node.span, 'empty property path');
    let current: EdmType;
    const properties: PropertyDef[] = [];
    let variable: string | undefined;
    const bound = scope.variables.get(first.name);
    if (bound) {
      variable = first.name;
      current = bound;
    } else {
      const property = this.property(this.root, first.name, first.span);
      properties.push(property);
      current = property.type;
    }
    for (const segment of rest) {
      if (current.kind === 'collection') {
        throw this.error(segment.span, `'${properties.at(-1)?.name ?? variable}' is a collection; test its items with any() or all()`);
      }
      if (current.kind !== 'complex') {
        throw unknownProperty(this.option, this.text, segment.span.start, segment.name, typeName(current));
      }
      const property = this.property(current, segment.name, segment.span);
      properties.push(property);
      current = property.type;
    }
    return variable === undefined
      ? { kind: 'member', properties, type: current, span: node.span }
      : { kind: 'member', variable, properties, type: current, span: node.span };
  }

  private property(type: ComplexType, name: string, span: Span): PropertyDef {
    if (Object.hasOwn(type.properties, name)) return type.properties[name]!;
    if (type.navigation?.includes(name)) {
      throw this.error(span, `'${name}' is a navigation property of ${type.name}; it cannot be used in ${this.option}`);
    }
    throw unknownProperty(this.option, this.text, span.start, name, type.name);
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): TypedExpr {
    const signature = FUNCTIONS[expr.name];
    if (!signature) {
      throw this.error(expr.nameSpan, `unknown function '${expr.name}'; the functions are ${Object.keys(FUNCTIONS).join(', ')}`);
    }
    const min = signature.params.length - (signature.optional ?? 0);
    if (expr.args.length < min || expr.args.length > signature.params.length) {
      const expected = min === signature.params.length ? `${min}` : `${min} to ${signature.params.length}`;
      throw this.error(expr.nameSpan, `'${expr.name}' takes ${expected} argument${signature.params.length === 1 ? '' : 's'}, but was given ${expr.args.length}`);
    }
    const args = expr.args.map((arg, i) => {
      const typed = this.check(arg, scope);
      const kind = signature.params[i]!;
      if (typed.type.kind === 'null') return typed;
      if (typed.type.kind !== 'primitive' || !acceptsPrimitive(kind, typed.type.name)) {
        throw this.error(arg.span, `argument ${i + 1} of '${expr.name}' must be ${describeKind[kind]}, but is ${describe(typed.type)}`);
      }
      return typed;
    });
    const type = signature.returns === 'same' ? (args[0]?.type ?? nullType) : primitive(signature.returns);
    return { kind: 'call', name: expr.name, args, type, span: expr.span };
  }

  private expectBoolean(expr: TypedExpr, what: string): void {
    if (!isBoolean(expr.type) && expr.type.kind !== 'null') {
      throw this.error(expr.span, `${what} must be a boolean, but is ${describe(expr.type)}`);
    }
  }

  private error(span: Span, problem: string) {
    return semanticError(this.option, this.text, span.start, problem);
  }
}

function isBoolean(type: ValueType): boolean {
  return type.kind === 'primitive' && type.name === 'Edm.Boolean';
}

function lastName(node: MemberNode): string {
  return node.segments.at(-1)?.name ?? '';
}

/** `Edm.String`, `microsoft.graph.synchronizationStatus`, `null`. */
export function describe(type: ValueType): string {
  return type.kind === 'null' ? 'null' : typeName(type);
}

function findEnum(root: ComplexType, name: string): EnumType | undefined {
  const seen = new Set<ComplexType>();
  const visit = (type: EdmType): EnumType | undefined => {
    if (type.kind === 'enum') return type.name === name ? type : undefined;
    if (type.kind === 'collection') return visit(type.of);
    if (type.kind !== 'complex' || seen.has(type)) return undefined;
    seen.add(type);
    for (const property of Object.values(type.properties)) {
      const found = visit(property.type);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}

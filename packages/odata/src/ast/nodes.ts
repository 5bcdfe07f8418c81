import type { EdmType, EnumType, PropertyDef, PrimitiveName } from '../model/edm.js';

/** Where a node came from in its option's text: `start` is a 0-based offset, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LogicalOperator = 'and' | 'or';
export type ArithmeticOperator = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';
export type BinaryOperator = ComparisonOperator | LogicalOperator | ArithmeticOperator;

export type LiteralValue = string | number | bigint | boolean | null;

/**
 * A literal. `edmType` is what its spelling says (`'x'` is a string, `2024-01-01T00:00:00Z` a
 * DateTimeOffset); `null` and enum members have their own tags because their type comes from
 * the operand they meet.
 */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly edmType: PrimitiveName | 'null' | 'enum';
  readonly value: LiteralValue;
  /** For a qualified enum literal: the type name it was written with. */
  readonly enumTypeName?: string;
  readonly raw: string;
  readonly span: Span;
}

export interface PathSegment {
  readonly name: string;
  readonly span: Span;
}

/** `status/lastExecution/timeBegan`, or `s/name` inside a lambda whose variable is `s`. */
export interface MemberNode {
  readonly kind: 'member';
  readonly segments: readonly PathSegment[];
  readonly span: Span;
}

export interface LambdaNode {
  readonly kind: 'lambda';
  readonly operator: 'any' | 'all';
  readonly collection: MemberNode;
  /** Absent for the bare `any()`. */
  readonly variable?: PathSegment;
  readonly predicate?: Expr;
  readonly span: Span;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface NotNode {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly span: Span;
}

export interface NegateNode {
  readonly kind: 'negate';
  readonly operand: Expr;
  readonly span: Span;
}

export interface InNode {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly span: Span;
}

export interface CallNode {
  readonly kind: 'call';
  /** Lower-cased: OData function names are case-insensitive. */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly nameSpan: Span;
  readonly span: Span;
}

/** A `$filter` or `$orderby` expression as parsed, before it is checked against the model. */
export type Expr = LiteralNode | MemberNode | LambdaNode | BinaryNode | NotNode | NegateNode | InNode | CallNode;

/** The type a checked expression evaluates to. `null` is the type of the bare `null` literal. */
export type ValueType = Exclude<EdmType, never> | { readonly kind: 'null' };

/** A member path resolved against the model: the properties walked, from the root or a lambda variable. */
export interface TypedMember {
  readonly kind: 'member';
  /** The lambda variable the path starts from; absent when it starts at the job. */
  readonly variable?: string;
  readonly properties: readonly PropertyDef[];
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedLiteral {
  readonly kind: 'literal';
  readonly value: LiteralValue;
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedLambda {
  readonly kind: 'lambda';
  readonly operator: 'any' | 'all';
  readonly collection: TypedMember;
  readonly variable?: string;
  readonly predicate?: TypedExpr;
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedBinary {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: TypedExpr;
  readonly right: TypedExpr;
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedUnary {
  readonly kind: 'not' | 'negate';
  readonly operand: TypedExpr;
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedIn {
  readonly kind: 'in';
  readonly operand: TypedExpr;
  readonly list: readonly TypedExpr[];
  readonly type: ValueType;
  readonly span: Span;
}

export interface TypedCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly TypedExpr[];
  readonly type: ValueType;
  readonly span: Span;
}

/** A `$filter` expression checked against the model: every node knows its type. */
export type TypedExpr = TypedLiteral | TypedMember | TypedLambda | TypedBinary | TypedUnary | TypedIn | TypedCall;

export type { EnumType };

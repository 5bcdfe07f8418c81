import type {
  ArithmeticOperator,
  BinaryOperator,
  CallNode,
  ComparisonOperator,
  Expr,
  LiteralNode,
  MemberNode,
  PathSegment,
  Span,
} from '../ast/nodes.js';
import { ODataQueryError, syntaxError, type QueryOptionName } from '../errors.js';
import { recogniseLibraryLiteral } from './odata-v4-literals.js';
import { isDate, parseInstant } from '../model/temporal.js';
import { scanNumber, scanQuotedString } from './literal-scanner.js';

/** Limits from decisions.md §6: deeper or larger expressions are refused before any work. */
export const MAX_EXPRESSION_DEPTH = 100;
export const MAX_EXPRESSION_NODES = 1000;

const EQUALITY: readonly string[] = ['eq', 'ne'];
const RELATIONAL: readonly string[] = ['gt', 'ge', 'lt', 'le'];
const ADDITIVE: readonly string[] = ['add', 'sub'];
const MULTIPLICATIVE: readonly string[] = ['mul', 'div', 'divby', 'mod'];
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'has', ...EQUALITY, ...RELATIONAL, ...ADDITIVE, ...MULTIPLICATIVE]);

const identifierStart = /[\p{L}\p{Nl}_]/u;
const identifierPart = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]/u;

/**
 * Parses a `$filter` (or one `$orderby` key) into syncemu's AST with OData's operator precedence
 * (URL conventions 4.01 §5.1.1.16): primary (`/`, `in`, calls, lambdas) > unary (`-`, `not`) >
 * multiplicative > additive > relational > equality > `and` > `or`; binary operators associate
 * to the left. Keywords are case-insensitive, property names are not.
 */
export function parseFilterExpression(text: string, option: QueryOptionName = '$filter'): Expr {
  const parser = new FilterParser(text, option);
  return parser.parseWhole();
}

/** Parses a comma-separated list of expressions, each optionally followed by `asc`/`desc` (for `$orderby`). */
export function parseOrderByItems(text: string): { expr: Expr; descending: boolean; span: Span }[] {
  const parser = new FilterParser(text, '$orderby');
  return parser.parseOrderBy();
}

class FilterParser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;
  private readonly units: Uint16Array;

  constructor(
    private readonly text: string,
    private readonly option: QueryOptionName,
  ) {
    this.units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) this.units[i] = text.charCodeAt(i);
  }

  parseWhole(): Expr {
    this.skipSpace();
    if (this.atEnd()) throw this.error('expected an expression, found the end of the clause');
    const expr = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) throw this.error(`expected an operator or the end of the clause, found ${this.describeHere()}`);
    return expr;
  }

  parseOrderBy(): { expr: Expr; descending: boolean; span: Span }[] {
    const items: { expr: Expr; descending: boolean; span: Span }[] = [];
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      if (this.atEnd()) throw this.error('expected an expression, found the end of the clause');
      const expr = this.parseOr();
      let end = this.pos;
      let descending = false;
      const spaced = this.skipSpace();
      const word = this.peekWord();
      if (spaced && word && (word.lower === 'asc' || word.lower === 'desc')) {
        descending = word.lower === 'desc';
        this.pos = end = word.end;
        this.skipSpace();
      }
      items.push({ expr, descending, span: { start, end } });
      if (this.atEnd()) return items;
      if (this.peek() !== ',') throw this.error(`expected ',', 'asc', 'desc' or the end of the clause, found ${this.describeHere()}`);
      this.pos++;
    }
  }

  // ---- binary levels, lowest precedence first ----

  private parseOr(): Expr {
    return this.parseLeftAssociative(['or'], () => this.parseAnd());
  }

  private parseAnd(): Expr {
    return this.parseLeftAssociative(['and'], () => this.parseEquality());
  }

  private parseEquality(): Expr {
    return this.parseLeftAssociative(EQUALITY, () => this.parseRelational());
  }

  private parseRelational(): Expr {
    return this.parseLeftAssociative(RELATIONAL, () => this.parseAdditive());
  }

  private parseAdditive(): Expr {
    return this.parseLeftAssociative(ADDITIVE, () => this.parseMultiplicative());
  }

  private parseMultiplicative(): Expr {
    return this.parseLeftAssociative(MULTIPLICATIVE, () => this.parseUnary());
  }

  private parseLeftAssociative(operators: readonly string[], next: () => Expr): Expr {
    let left = next();
    for (;;) {
      const save = this.pos;
      const spaced = this.skipSpace();
      const word = this.peekWord();
      if (!word || !operators.includes(word.lower)) {
        this.pos = save;
        return left;
      }
      if (!spaced) throw this.error(`expected a space before '${word.text}'`);
      this.pos = word.end;
      const spacedAfter = this.skipSpace();
      if (this.atEnd()) throw this.error(`expected an expression after '${word.text}', found the end of the clause`);
      if (!spacedAfter) throw this.error(`expected a space after '${word.text}'`);
      const right = next();
      left = this.node({
        kind: 'binary',
        operator: word.lower as BinaryOperator,
        left,
        right,
        operatorSpan: { start: word.start, end: word.end },
        span: { start: left.span.start, end: right.span.end },
      });
    }
  }

  // ---- unary and primary ----

  private parseUnary(): Expr {
    const start = this.pos;
    const word = this.peekWord();
    if (word && word.lower === 'not') {
      const after = this.text[word.end];
      if (after === ' ' || after === '\t' || after === '(') {
        this.pos = word.end;
        this.skipSpace();
        if (this.atEnd()) throw this.error(`expected an expression after '${word.text}', found the end of the clause`);
        const operand = this.nested(() => this.parseUnary());
        return this.node({ kind: 'not', operand, span: { start, end: operand.span.end } });
      }
    }
    if (this.peek() === '-' && !isDigit(this.text[this.pos + 1]) && !this.atWord('INF', this.pos + 1)) {
      this.pos++;
      this.skipSpace();
      const operand = this.nested(() => this.parseUnary());
      return this.node({ kind: 'negate', operand, span: { start, end: operand.span.end } });
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    const operand = this.parsePrimary();
    const save = this.pos;
    const spaced = this.skipSpace();
    const word = this.peekWord();
    if (spaced && word && word.lower === 'in') {
      this.pos = word.end;
      this.skipSpace();
      if (this.peek() !== '(') throw this.error(`expected '(' to open the list after '${word.text}', found ${this.describeHere()}`);
      this.pos++;
      const list = this.parseArguments(`the list after '${word.text}'`);
      if (list.length === 0) throw this.error(`the list after '${word.text}' is empty`, this.pos - 1);
      // OData 4.01: listExpr = OPEN primitiveLiteral *( COMMA primitiveLiteral ) CLOSE
      const other = list.find((item) => item.kind !== 'literal');
      if (other) throw this.error(`the list after '${word.text}' takes literals only, found ${describeExpr(other)}`, other.span.start);
      return this.node({ kind: 'in', operand, list, span: { start: operand.span.start, end: this.pos } });
    }
    if (spaced && word && word.lower === 'has') {
      throw this.error(`the 'has' operator is not supported: no property of synchronizationJob is a flags enum`, word.start);
    }
    this.pos = save;
    return operand;
  }

  private parsePrimary(): Expr {
    this.skipSpace();
    const start = this.pos;
    const ch = this.peek();
    if (ch === undefined) throw this.error('expected an expression, found the end of the clause');
    if (ch === '(') {
      this.pos++;
      const inner = this.nested(() => {
        this.skipSpace();
        const expr = this.parseOr();
        this.skipSpace();
        return expr;
      });
      if (this.peek() !== ')') throw this.error(`expected ')' to close the '(' at position ${start}, found ${this.describeHere()}`);
      this.pos++;
      return inner;
    }
    if (ch === "'") return this.parseString(start);
    const library = recogniseLibraryLiteral(this.units, this.pos, (next) => this.endsToken(next));
    if (library) {
      if ((library.type === 'Edm.DateTimeOffset' && !parseInstant(library.raw)) || (library.type === 'Edm.Date' && !isDate(library.raw))) {
        throw this.error(`'${library.raw}' names a ${library.type === 'Edm.Date' ? 'day' : 'day or time'} that does not exist`, start);
      }
      this.pos = library.next;
      const value = library.type === 'null' ? null : library.type === 'Edm.Boolean' ? library.raw.toLowerCase() === 'true' : library.raw;
      return this.literal(library.type, value, start);
    }
    if (isDigit(ch) || ((ch === '-' || ch === '+') && isDigit(this.text[this.pos + 1])) || this.atWord('INF', this.pos) || this.atWord('-INF', this.pos) || this.atWord('NaN', this.pos)) {
      const number = scanNumber(this.text, this.pos);
      if (number && this.endsToken(number.end)) {
        this.pos = number.end;
        return this.literal(number.edmType, number.value, start);
      }
      if (number) {
        const digits = this.text.slice(start, number.end);
        const after = this.text[number.end];
        if ((after === '-' && /^-?\d{4,}$/.test(digits)) || (after === ':' && /^\d{2}$/.test(digits))) throw this.malformedTemporal(start);
        throw this.error(`expected an operator after the number '${digits}', found ${this.describeAt(number.end)}`, number.end);
      }
      throw this.error(`expected a number, found ${this.describeHere()}`);
    }
    if (ch === '$' || ch === '@') {
      const word = /^[$@][\w.]*/.exec(this.text.slice(this.pos))?.[0] ?? ch;
      throw this.error(`'${word}' is not supported in this emulator's ${this.option}`);
    }
    if (!identifierStart.test(ch)) throw this.error(`expected an expression, found ${this.describeHere()}`);
    const name = this.readQualifiedName();
    if (this.peek() === "'") return this.parsePrefixedLiteral(name, start);
    if (name.includes('.')) throw this.error(`type casts and qualified names such as '${name}' are not supported`, start);
    if (KEYWORDS.has(name.toLowerCase())) throw this.error(`expected an expression, found the operator '${name}'`, start);
    if (this.peek() === '(') return this.parseCall(name, start);
    return this.parseMemberPath(name, start);
  }

  private parseString(start: number): LiteralNode {
    const scanned = scanQuotedString(this.text, this.pos);
    if (!scanned) throw this.error(`the string literal that starts here has no closing quote`, start);
    this.pos = scanned.end;
    return this.literal('Edm.String', scanned.value, start);
  }

  /** `duration'PT40M'` and enum members written with their type, `microsoft.graph.synchronizationStatusCode'Active'`. */
  private parsePrefixedLiteral(prefix: string, start: number): LiteralNode {
    const scanned = scanQuotedString(this.text, this.pos);
    if (!scanned) throw this.error(`the literal that starts here has no closing quote`, start);
    this.pos = scanned.end;
    if (prefix.toLowerCase() === 'duration') return this.literal('Edm.Duration', scanned.value, start);
    if (prefix.includes('.')) return this.node({ kind: 'literal', edmType: 'enum', value: scanned.value, enumTypeName: prefix, raw: this.text.slice(start, this.pos), span: { start, end: this.pos } });
    throw this.error(`'${prefix}' literals are not supported`, start);
  }

  private parseCall(name: string, start: number): CallNode {
    const nameSpan = { start, end: this.pos };
    this.pos++; // '('
    const args = this.nested(() => this.parseArguments(`the arguments of '${name}'`));
    return this.node({ kind: 'call', name: name.toLowerCase(), args, nameSpan, span: { start, end: this.pos } });
  }

  /** After an opening '(': expressions separated by ',', then ')'. */
  private parseArguments(what: string): Expr[] {
    const args: Expr[] = [];
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      this.skipSpace();
      args.push(this.parseOr());
      this.skipSpace();
      const ch = this.peek();
      if (ch === ',') {
        this.pos++;
        continue;
      }
      if (ch === ')') {
        this.pos++;
        return args;
      }
      throw this.error(`expected ',' or ')' in ${what}, found ${this.describeHere()}`);
    }
  }

  private parseMemberPath(first: string, start: number): Expr {
    const segments: PathSegment[] = [{ name: first, span: { start, end: this.pos } }];
    while (this.peek() === '/') {
      this.pos++;
      const segStart = this.pos;
      const ch = this.peek();
      if (ch === undefined || !identifierStart.test(ch)) throw this.error(`expected a property name after '/', found ${this.describeHere()}`);
      const name = this.readQualifiedName();
      if (name.includes('.')) throw this.error(`type casts and qualified names such as '${name}' are not supported`, segStart);
      const lower = name.toLowerCase();
      if ((lower === 'any' || lower === 'all') && this.peek() === '(') {
        const collection: MemberNode = this.node({ kind: 'member', segments, span: { start, end: segStart - 1 } });
        return this.parseLambda(lower, collection, start);
      }
      if (this.peek() === '(') throw this.error(`'${name}' is not a function that can follow a property path`, segStart);
      segments.push({ name, span: { start: segStart, end: this.pos } });
    }
    return this.node({ kind: 'member', segments, span: { start, end: this.pos } });
  }

  private parseLambda(operator: 'any' | 'all', collection: MemberNode, start: number): Expr {
    this.pos++; // '('
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      if (operator === 'all') throw this.error(`'all' needs a lambda variable and a predicate, as in all(x: x/name eq 'a')`, this.pos - 2);
      return this.node({ kind: 'lambda', operator, collection, span: { start, end: this.pos } });
    }
    const varStart = this.pos;
    const ch = this.peek();
    if (ch === undefined || !identifierStart.test(ch)) throw this.error(`expected a lambda variable name, found ${this.describeHere()}`);
    const variable = this.readQualifiedName();
    if (variable.includes('.')) throw this.error(`'${variable}' is not a valid lambda variable name`, varStart);
    const variableSpan = { start: varStart, end: this.pos };
    this.skipSpace();
    if (this.peek() !== ':') throw this.error(`expected ':' after the lambda variable '${variable}', found ${this.describeHere()}`);
    this.pos++;
    this.skipSpace();
    const predicate = this.nested(() => this.parseOr());
    this.skipSpace();
    if (this.peek() !== ')') throw this.error(`expected ')' to close '${operator}(', found ${this.describeHere()}`);
    this.pos++;
    return this.node({ kind: 'lambda', operator, collection, variable: { name: variable, span: variableSpan }, predicate, span: { start, end: this.pos } });
  }

  // ---- helpers ----

  /** `2024-01-31T13:45:00` (no offset), `2024-1-31`, `25:00:00`: digits that start a date, time or GUID the recognisers refused. */
  private malformedTemporal(start: number): ODataQueryError {
    let end = start;
    while (!this.endsToken(end)) end++;
    const token = this.text.slice(start, end);
    if (this.text[start + 2] === ':') return this.error(`'${token}' is not a valid TimeOfDay literal such as 13:45:00`, start);
    if (/t/i.test(token)) {
      return this.error(`'${token}' is not a valid DateTimeOffset literal such as 2024-01-31T13:45:00Z or 2024-01-31T13:45:00%2B01:00 (the offset is required; in a URL a '+' is a space)`, start);
    }
    return this.error(`'${token}' is not a valid Date or Guid literal such as 2024-01-31 or 01234567-89ab-cdef-0123-456789abcdef`, start);
  }

  /** `word` at `at`, not followed by an identifier character (`INF` but not `INFO`). */
  private atWord(word: string, at: number): boolean {
    return this.text.startsWith(word, at) && !identifierPart.test(this.text[at + word.length] ?? '');
  }

  private literal(edmType: LiteralNode['edmType'], value: LiteralNode['value'], start: number): LiteralNode {
    return this.node({ kind: 'literal', edmType, value, raw: this.text.slice(start, this.pos), span: { start, end: this.pos } });
  }

  private node<T extends Expr>(node: T): T {
    if (++this.nodes > MAX_EXPRESSION_NODES) {
      throw new ODataQueryError(
        `Invalid ${this.option} clause: the expression has more than ${MAX_EXPRESSION_NODES} nodes.`,
        this.option,
        node.span.start,
        this.text,
      );
    }
    return node;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ODataQueryError(
        `Invalid ${this.option} clause: the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep.`,
        this.option,
        this.pos,
        this.text,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private readQualifiedName(): string {
    const start = this.pos;
    for (;;) {
      while (this.pos < this.text.length && identifierPart.test(this.text[this.pos]!)) this.pos++;
      if (this.peek() === '.' && identifierStart.test(this.text[this.pos + 1] ?? '')) {
        this.pos++;
        continue;
      }
      return this.text.slice(start, this.pos);
    }
  }

  private peekWord(): { text: string; lower: string; start: number; end: number } | undefined {
    const ch = this.peek();
    if (ch === undefined || !/[A-Za-z]/.test(ch)) return undefined;
    let end = this.pos;
    while (end < this.text.length && identifierPart.test(this.text[end]!)) end++;
    const text = this.text.slice(this.pos, end);
    return { text, lower: text.toLowerCase(), start: this.pos, end };
  }

  private endsToken(next: number): boolean {
    const ch = this.text[next];
    return ch === undefined || ch === ' ' || ch === '\t' || ch === ')' || ch === ',';
  }

  /** Skips spaces and tabs; says whether there were any. */
  private skipSpace(): boolean {
    const start = this.pos;
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    return this.pos > start;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private describeHere(): string {
    return this.describeAt(this.pos);
  }

  private describeAt(position: number): string {
    if (position >= this.text.length) return 'the end of the clause';
    const rest = this.text.slice(position);
    if (rest[0] === "'") return 'a string literal';
    const word = /^[\p{L}\p{N}_.$@]+/u.exec(rest)?.[0];
    return `'${word ?? rest[0]}'`;
  }

  private error(problem: string, position = this.pos): ODataQueryError {
    return syntaxError(this.option, this.text, position, problem);
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

export type { ArithmeticOperator, ComparisonOperator };

/** What a non-literal expression is, for a message: `the property 'templateId'`, `a call of 'tolower'`. */
function describeExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'member':
      return `the property '${expr.segments.map((segment) => segment.name).join('/')}'`;
    case 'call':
      return `a call of '${expr.name}'`;
    default:
      return 'an expression';
  }
}

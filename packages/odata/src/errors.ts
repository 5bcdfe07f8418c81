/** Which part of a query a problem was found in. */
export type QueryOptionName = '$select' | '$filter' | '$top' | '$skip' | '$orderby' | '$count' | '$skiptoken' | '$expand' | 'query';

/**
 * A problem with a client's query options. `message` is the complete text a client sees in the
 * Graph error; `position` is the 0-based offset inside the option's value, when there is one.
 */
export class ODataQueryError extends Error {
  override readonly name = 'ODataQueryError';
  constructor(
    message: string,
    readonly option: QueryOptionName,
    readonly position?: number,
    /** The option's text as the client sent it (after URL decoding), for carets in the CLI. */
    readonly text?: string,
  ) {
    super(message);
  }
}

/** `Invalid $filter clause: syntax error at position 7 in 'name eq': expected an expression, found the end.` */
export function syntaxError(option: QueryOptionName, text: string, position: number, problem: string): ODataQueryError {
  return new ODataQueryError(
    `Invalid ${option} clause: syntax error at position ${position} in '${text}': ${problem}.`,
    option,
    position,
    text,
  );
}

/** A well-formed clause that the model rejects (unknown property, wrong type...). */
export function semanticError(option: QueryOptionName, text: string, position: number, problem: string): ODataQueryError {
  return new ODataQueryError(`Invalid ${option} clause: ${problem} (at position ${position}).`, option, position, text);
}

export function unknownProperty(option: QueryOptionName, text: string, position: number, name: string, typeName: string): ODataQueryError {
  return new ODataQueryError(
    `Could not find a property named '${name}' on type '${typeName}'.`,
    option,
    position,
    text,
  );
}

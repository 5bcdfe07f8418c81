/** Where a command writes; tests pass their own. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** A usage or input problem: printed without a stack, exit code 2 (1 for runtime failures). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

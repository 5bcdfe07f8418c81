import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, as `pnpm syncemu` runs it. */
export const CLI = fileURLToPath(new URL('../../../packages/core/dist/src/cli.js', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** With --https (or --cert): the certificate path it printed. */
  readonly certificatePath?: string;
  /** Everything the process printed on stdout so far. */
  readonly stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `syncemu serve` as a child process and resolves once it has printed its ready line and both base URLs (and, over TLS, its certificate). */
export function startServerProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tls = args.includes('--https') || args.includes('--cert');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`syncemu serve did not start in 10 s: ${out}${err}`)), 10_000);
    const onData = () => {
      const match = /^syncemu listening on (https?:\/\/\S+)\n\S+\/v1\.0\n\S+\/beta\n(?:syncemu certificate: (.+)\n)?/m.exec(out);
      if (!match || (tls && match[2] === undefined)) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        child,
        url: match[1]!,
        ...(match[2] !== undefined && { certificatePath: match[2] }),
        stdout: () => out,
        stop: async (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`syncemu serve exited with ${code} before it was ready: ${out}${err}`));
    });
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

#!/usr/bin/env node
import { runCli } from './cli/main.js';
import { processIo } from './cli/cli-io.js';

const result = await runCli(process.argv.slice(2), process.env, processIo);
if (result.stop) {
  const stop = result.stop;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`syncemu: error while stopping on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} else {
  process.exitCode = result.exitCode;
}

#!/usr/bin/env node
// The `fleetledger` executable. The command line is TypeScript over shared/; tsx's loader runs it
// directly, so `npx fleetledger` works straight after `npm ci`, with no build step.
import process from 'node:process';
import { tsImport } from 'tsx/esm/api';

// Output piped into a command that stops reading (`… | head`): the rest has nowhere to go, so
// the command ends there, quietly, as other command-line tools do, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

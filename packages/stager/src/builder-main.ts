// Entry point of dist/builder.mjs (run as dist/builder).
import { builderCli } from './builder-cli.ts';

process.exitCode = await builderCli(process.argv.slice(2));

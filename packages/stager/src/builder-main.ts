// Entry point of dist/builder.mjs.
import { builderCli } from './builder-cli.ts';

process.exitCode = await builderCli(process.argv.slice(2));

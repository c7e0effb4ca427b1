// Entry point of dist/builder.mjs (run as dist/builder).
import { builderCli } from './builder-cli.ts';
import { interruptible } from './interruptible.ts';

const { value, interrupted } = await interruptible(() => builderCli(process.argv.slice(2)));
process.exitCode = interrupted ?? value;

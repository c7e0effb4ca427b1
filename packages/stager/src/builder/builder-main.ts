// Entry point of dist/builder.mjs (run as dist/builder).
import { interruptible } from '../buildpack-scripts/interruptible.ts';
import { builderCli } from './builder-cli.ts';

const { value, interrupted } = await interruptible(() => builderCli(process.argv.slice(2)));
process.exitCode = interrupted ?? value;

export type { ExecOptions } from './exec.ts';
export { exec, output } from './exec.ts';
export { ExecError } from './exec-error.ts';

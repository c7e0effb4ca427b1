import { delimiter } from 'node:path';
import { DEFAULT_STACK, linkStackTools } from '@bpkit/stacks';

/**
 * Fills `dir` with links to the machine's copies of the tools `stack` ships (@bpkit/stacks), so running a
 * buildpack with PATH=dir proves it works where CF runs it: on a stack without Node. Returns dir.
 */
export async function makeStackPath(dir: string, searchPath = process.env.PATH ?? '', stack: string = DEFAULT_STACK): Promise<string> {
  await linkStackTools(dir, stack, searchPath.split(delimiter).filter(Boolean));
  return dir;
}

export type { NodeRuntimeEntry } from './node-runtime.ts';
export { nodeRuntimeEntries } from './node-runtime.ts';
export { NODE_RUNTIME_FILE, nodeRuntimeScript, writeNodeRuntime } from './node-runtime-script.ts';

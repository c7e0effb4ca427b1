export type { Logger, LoggerOptions } from './logger.ts';
export { createLogger } from './logger.ts';
export { redact } from './redact.ts';
export { indent } from './indent.ts';
export { bufferLogger } from './buffer-logger.ts';
export { orderedOutputs } from './ordered-outputs.ts';
export type { OrderedOutputs } from './ordered-outputs.ts';
export { formatDuration } from './format-duration.ts';

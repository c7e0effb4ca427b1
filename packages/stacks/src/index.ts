export type { StackDefinition, StackName } from './stacks.ts';
export { DEFAULT_STACK, STACKS, UnknownStackError, isKnownStack, stackDefinition, toolDifference } from './stacks.ts';
export { linkStackTools } from './stack-path.ts';

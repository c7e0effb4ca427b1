export { exists, isDirectory, isFile, hasEntries } from './path-kind.ts';

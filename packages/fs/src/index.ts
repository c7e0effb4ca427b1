export { exists, isDirectory, isFile, hasEntries } from './path-kind.ts';
export { linkCopyTree, moveTree } from './tree.ts';
export { writeTree } from './write-tree.ts';
export { pathGlobSource } from './path-glob.ts';

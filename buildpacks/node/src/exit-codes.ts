/** CF's nodejs buildpack exits 14 whichever step of its supply or finalize fails; the names say which step it was. */
export const EXIT = {
  packageJson: 14,
  installNode: 14,
  packageManager: 14,
  buildDependencies: 14,
} as const;

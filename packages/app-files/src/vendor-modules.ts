export interface VendoredModule {
  path: string;
  version?: string;
  newPath?: string;
  newVersion?: string;
  /** Whether any of its packages is vendored: a module listed with none contributes no code to the build. */
  hasPackages: boolean;
}

export interface VendorModules {
  /**
   * `go work vendor` made it: its first line's annotations say `workspace` (cmd/go's modulesTextIsForWorkspace).
   * go reads a vendor/ in workspace mode only with that mark, and one without it only outside workspace mode.
   */
  workspace: boolean;
  modules: VendoredModule[];
}

/** vendor/modules.txt: `# path version [=> new [version]]` headers, `## …` annotations, then one line per package. */
export function parseVendorModules(text: string): VendorModules {
  const annotations = /^## (.*)/.exec(text.split('\n', 1)[0] ?? '')?.[1] ?? '';
  const modules: VendoredModule[] = [];
  let current: VendoredModule | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('## ')) continue;
    if (line.startsWith('# ')) {
      const words = line.slice(2).trim().split(/\s+/);
      const arrow = words.indexOf('=>');
      const [path, version] = arrow < 0 ? words : words.slice(0, arrow);
      const [newPath, newVersion] = arrow < 0 ? [] : words.slice(arrow + 1);
      current = path ? { path, hasPackages: false, ...(version ? { version } : {}), ...(newPath ? { newPath } : {}), ...(newVersion ? { newVersion } : {}) } : undefined;
      if (current) modules.push(current);
    } else if (current) {
      current.hasPackages = true;
    }
  }
  return { workspace: annotations.split(';').some((a) => a.trim() === 'workspace'), modules };
}

// deps/<i>/launch.yml: `processes: [{type, command, platforms: {cloudfoundry: {sidecar_for: [..]}}, limits: {memory}}]`.
// BAL looks it up with an unpadded index (strconv.Itoa), unlike the zero-padded deps directories.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeInt, decodeString, field, parseYaml, sequenceItems } from '../go-compat/go-yaml.ts';
import type { Process } from './processes.ts';

export function launchYmlPath(depsDir: string, index: number): string {
  return join(depsDir, String(index), 'launch.yml');
}

export async function readLaunchYml(depsDir: string, index: number): Promise<Process[]> {
  const doc = await parseYaml(await readFile(launchYmlPath(depsDir, index), 'utf8'));
  return sequenceItems(field(doc.root, 'processes') ?? null, '[]resources.Process').map((item) => {
    const cloudfoundry = field(field(item, 'platforms') ?? null, 'cloudfoundry') ?? null;
    const sidecarFor = sequenceItems(field(cloudfoundry, 'sidecar_for') ?? null, '[]string').map(decodeString);
    const memory = decodeInt(field(field(item, 'limits') ?? null, 'memory') ?? null);
    return {
      type: decodeString(field(item, 'type') ?? null),
      command: decodeString(field(item, 'command') ?? null),
      sidecarFor,
      memory,
    };
  });
}

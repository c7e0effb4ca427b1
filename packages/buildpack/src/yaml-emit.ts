// A small YAML emitter for the few files buildpacks write (config.yml, release output). Loading js-yaml
// costs ~14 ms of every phase's start-up; these documents are plain maps, lists and scalars.

export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

// Strings YAML 1.1 (yaml.v2, which CF's Go code uses) would read as something other than a string.
const AMBIGUOUS = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\.\d+|\d[\d_]*(?:\.[\d_]*)?)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d{4}-\d\d?-\d\d?.*)$/;
const PLAIN = /^[A-Za-z0-9_./($][A-Za-z0-9 _./()$@%+=,;:#'"<>!?*&|\[\]{}`~\\^-]*$/;

export function yamlScalar(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain = PLAIN.test(value) && !value.endsWith(' ') && !AMBIGUOUS.test(value) && !/ #|: |:$/.test(value);
  // JSON's escapes are valid in YAML double-quoted scalars.
  return plain ? value : JSON.stringify(value);
}

/** Block-style YAML; map keys sorted when `sortKeys` (yaml.v2 sorts), else in insertion order. */
export function toYaml(value: YamlValue, options: { sortKeys?: boolean } = {}): string {
  return `${emit(value, 0, options.sortKeys ?? false).replace(/^\n/, '')}\n`;
}

function emit(value: YamlValue, depth: number, sortKeys: boolean): string {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        const inner = emit(item, depth + 1, sortKeys);
        return `\n${pad}-${inner.startsWith('\n') ? inner.replace(/^\n\s*/, ' ') : inner}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) return ' {}';
    if (sortKeys) keys.sort();
    return keys.map((k) => `\n${pad}${yamlScalar(k)}:${emit(value[k], depth + 1, sortKeys)}`).join('');
  }
  return ` ${yamlScalar(value)}`;
}

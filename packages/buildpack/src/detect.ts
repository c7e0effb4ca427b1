export type DetectRule =
  | { kind: 'file'; path: string }
  | { kind: 'envPath'; variable: string; fallback: string; suffix?: string }
  | { kind: 'find'; under: string; name: string; minDepth?: number }
  | { kind: 'env'; variable: string }
  | { kind: 'all'; rules: DetectRule[] }
  | { kind: 'any'; rules: DetectRule[] }
  | { kind: 'not'; rule: DetectRule };

export type DetectSpec = { kind: 'never' } | { kind: 'rules'; rule: DetectRule; output: string } | { kind: 'code' };

export const detect = {
  never: (): DetectSpec => ({ kind: 'never' }),
  code: (): DetectSpec => ({ kind: 'code' }),
  when: (rule: DetectRule, output: string): DetectSpec => ({ kind: 'rules', rule, output }),
  file: (path: string): DetectRule => ({ kind: 'file', path }),
  /** The path `$variable` (or `fallback` when unset or empty) names, plus `suffix`: `$NODE_PROJECT_PATH` + `/package.json`. */
  envPath: (variable: string, fallback: string, suffix?: string): DetectRule =>
    suffix === undefined ? { kind: 'envPath', variable, fallback } : { kind: 'envPath', variable, fallback, suffix },
  find: (under: string, name: string, minDepth?: number): DetectRule =>
    minDepth === undefined ? { kind: 'find', under, name } : { kind: 'find', under, name, minDepth },
  env: (variable: string): DetectRule => ({ kind: 'env', variable }),
  all: (...rules: DetectRule[]): DetectRule => ({ kind: 'all', rules }),
  any: (...rules: DetectRule[]): DetectRule => ({ kind: 'any', rules }),
  not: (rule: DetectRule): DetectRule => ({ kind: 'not', rule }),
};

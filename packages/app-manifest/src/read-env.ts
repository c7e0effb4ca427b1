import { isMap } from './yaml-values.ts';

/**
 * `env:` as Cloud Controller stores it: every value becomes text (`3` → "3", `true` → "true",
 * null → ""), and names CC reserves are refused in its words. Pushes problems to `errors`.
 */
export function readEnv(value: unknown, errors: string[]): Record<string, string> | undefined {
  if (!isMap(value)) {
    // CC checks `env:` whenever it is present, so an empty `env:` (null) is refused too.
    errors.push('Env must be an object of keys and values');
    return undefined;
  }
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    const problem = reservedNameProblem(name);
    if (problem) {
      errors.push(`Env ${problem}`);
      continue;
    }
    env[name] = envText(raw);
  }
  return env;
}

function reservedNameProblem(name: string): string | undefined {
  if (name === '') return 'key must be a minimum length of 1';
  if (/^VCAP_/i.test(name)) return 'cannot start with VCAP_';
  if (/^VMC/i.test(name)) return 'cannot start with VMC_';
  if (/^PORT$/i.test(name)) return 'cannot set PORT';
  return undefined;
}

// CC calls Ruby's to_s on each value. For a map or list that would be Ruby's inspect output, of no
// use to an app, so those become JSON instead.
function envText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

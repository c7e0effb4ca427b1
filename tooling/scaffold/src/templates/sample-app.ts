import type { BuildpackNames } from '../buildpack-name.ts';

/** e2e/apps/<NAME>-sample: an app the new buildpack detects and serves. */
export function sampleAppFiles(n: BuildpackNames): Record<string, string> {
  return {
    [n.marker]: `Hello from the ${n.name} sample app\n`,
    'index.html': `<!doctype html>\n<title>${n.name} sample</title>\n<h1>Served by the ${n.name} buildpack</h1>\n`,
  };
}

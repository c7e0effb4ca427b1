import { defineBuildpack, detect } from '@bpkit/buildpack';

/**
 * CF's nodejs buildpack: any app with a package.json. Detect is compiled to sh (no Node starts);
 * release defaults to `npm start`, and finalize replaces it when OPTIMIZE_MEMORY=true.
 */
export default defineBuildpack({
  detect: detect.when(detect.file('package.json'), 'node.js {version}'),
  release: { web: 'npm start' },
});

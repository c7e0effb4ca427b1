import { defineBuildpack, detect } from '@bpkit/buildpack';
import type { VendorTool } from './vendor-tool.ts';

/** What supply hands to finalize: go-buildpack's config.yml keys. */
export type GoConfig = {
  GoVersion: string;
  VendorTool: VendorTool;
  /** Godeps/Godeps.json, for godep apps: a JSON string, as go-buildpack writes it. */
  Godep?: string;
};

const anyGoFile = detect.find('.', '*.go');

/**
 * CF's go-buildpack bin/detect, as declarative rules compiled to sh (no Node on the detect path).
 * A `.godir` file detects so that supply can reject it with CF's error; so does gb's src/ layout. go.work detects
 * a workspace whose root is no module itself.
 */
export default defineBuildpack<GoConfig>({
  detect: detect.when(
    detect.any(
      detect.file('go.mod'),
      detect.file('go.work'),
      detect.file('Godeps/Godeps.json'),
      detect.file('vendor/vendor.json'),
      detect.file('glide.yaml'),
      detect.file('Gopkg.toml'),
      detect.find('src', '*.go', 2),
      detect.file('Godeps'),
      detect.file('.godir'),
      detect.all(detect.file('vendor'), anyGoFile),
      detect.all(detect.env('GOPACKAGENAME'), anyGoFile),
    ),
    'Go',
  ),
});

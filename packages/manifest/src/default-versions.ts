/** libbuildpack's runtime message for a broken `default_versions` section. */
export const DEFAULT_VERSIONS_ERROR =
  "The buildpack manifest is misconfigured for 'default_versions'. " +
  'Contact your Cloud Foundry operator/admin. For more information, see ' +
  'https://docs.cloudfoundry.org/buildpacks/specifying-default-versions.html';

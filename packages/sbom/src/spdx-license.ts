// Both formats accept a license as an SPDX identifier only when it is on the SPDX License List (CycloneDX's schema
// enumerates them); anything else must be carried as a name (CycloneDX) or left NOASSERTION (SPDX).
import current from 'spdx-license-ids/index.json' with { type: 'json' };
import deprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };

// SPDX identifiers match case-insensitively; the list's own spelling is the one to write.
const BY_LOWER_CASE = new Map<string, string>([...(deprecated as string[]), ...(current as string[])].map((id) => [id.toLowerCase(), id]));

/** The SPDX License List identifier a manifest's license names (`mit` → `MIT`), or undefined when it is not on the list. */
export function spdxLicenseId(license: string): string | undefined {
  return BY_LOWER_CASE.get(license.trim().toLowerCase());
}

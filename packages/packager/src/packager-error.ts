/** A packaging problem the buildpack author or operator must fix; its message is shown as is (CF's wording). */
export class PackagerError extends Error {
  override name = 'PackagerError';
}

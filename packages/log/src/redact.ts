// A URL's userinfo runs from "scheme://" to the last "@" before the host part ends
// (Go's url.Parse takes the last "@"), so the class stops at path/query/fragment and whitespace,
// and the greedy match backtracks to the last "@" — passwords containing "@" are covered.
const URL_USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^\s/?#"'<>`@]*(?:@[^\s/?#"'<>`@]*)*@/g;

/**
 * Replaces every URL's credentials with libbuildpack's `-redacted-:-redacted-@`,
 * including user-only userinfo (`https://token@host` → `https://-redacted-:-redacted-@host`).
 */
export function redact(text: string): string {
  if (!text.includes('@')) return text;
  return text.replace(URL_USERINFO, '$1-redacted-:-redacted-@');
}

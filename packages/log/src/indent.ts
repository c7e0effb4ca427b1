export const INDENT = '       ';

/** Continues a multi-line message under its header, as libbuildpack's logger does. */
export function indent(text: string, prefix: string = INDENT): string {
  return text.replaceAll('\n', '\n' + prefix);
}

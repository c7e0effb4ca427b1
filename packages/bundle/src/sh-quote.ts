/** Quotes a string as one POSIX sh word: nothing inside single quotes is expanded. */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error(`a NUL byte cannot appear in a shell word: ${JSON.stringify(value)}`);
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment variable names are spliced into `${NAME}` expansions, so only plain names are allowed. */
export function assertVariableName(name: string): string {
  if (!VARIABLE_NAME.test(name)) throw new Error(`not a valid environment variable name: ${JSON.stringify(name)}`);
  return name;
}

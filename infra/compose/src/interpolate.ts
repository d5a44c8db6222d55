/**
 * Compose's interpolation of `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`,
 * `${NAME?message}`, `${NAME:+other}`, `${NAME+other}`, `$NAME` and `$$` (a literal `$`), with the
 * variables of the shell that runs compose (or its `.env`). An unset variable without a default
 * is empty, as Compose makes it (with a warning). Nested expressions are not used in compose.yaml
 * and are refused rather than half-read.
 */
export function interpolate(text: string, variables: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole: string, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    if (bare !== undefined) return variables[bare] ?? '';
    return expression(braced ?? '', variables, text);
  });
}

function expression(inner: string, variables: Readonly<Record<string, string | undefined>>, text: string): string {
  if (inner.includes('$')) throw new Error(`compose interpolation: nested expressions are not supported here: ${text}`);
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(inner);
  if (match === null) throw new Error(`compose interpolation: "\${${inner}}" is not a variable expression`);
  const [, name = '', colon, operator, operand = ''] = match;
  const value = variables[name];
  const present = colon === ':' ? value !== undefined && value !== '' : value !== undefined;
  switch (operator) {
    case undefined:
      return value ?? '';
    case '-':
      return present ? (value ?? '') : operand;
    case '+':
      return present ? operand : '';
    case '?':
      if (!present) throw new Error(`compose interpolation: ${name} is required: ${operand}`);
      return value ?? '';
    default:
      throw new Error(`compose interpolation: unknown operator in "\${${inner}}"`);
  }
}

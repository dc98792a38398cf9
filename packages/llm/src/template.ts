import { VoxLlmError } from "./errors.js";

/** The `{{name}}` placeholders of a template, in order of first use. */
export function templateFields(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g)].map((m) => m[1]!))];
}

/**
 * Fills `{{name}}` placeholders (spaces inside the braces allowed). Every placeholder needs a value and every value
 * a placeholder it fills, unless listed in `optional`, so a typo in a prompt file is an error, not a silent blank.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  optional: readonly string[] = [],
): string {
  const fields = templateFields(template);
  const missing = fields.filter((f) => values[f] === undefined);
  if (missing.length > 0)
    throw new VoxLlmError("CONFIG", `prompt template needs a value for {{${missing.join("}}, {{")}}}`);
  const unused = Object.keys(values).filter((k) => !fields.includes(k) && !optional.includes(k));
  if (unused.length > 0)
    throw new VoxLlmError("CONFIG", `prompt template has no {{${unused.join("}}, {{")}}} placeholder`);
  return template.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_, name: string) => values[name]!);
}

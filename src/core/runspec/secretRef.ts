// While a launch script is read, a variable whose name looks like a credential expands to a marker
// naming it instead of to its value, so a value the script holds or defaults never reaches the spec:
// wherever the marker lands (a flag value, an environment value), the importer keeps only the name.

/** Names that look like credentials: their values never enter a spec, only their names (secretEnv). */
export const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD)/i;

// U+2063 (invisible separator) never occurs in a launch script's flags, and survives JSON and bash quoting.
const MARK = '\u2063';
const REF = new RegExp(`${MARK}secret:([A-Za-z_][A-Za-z0-9_]*)${MARK}`, 'g');

export function secretRef(name: string): string {
  return `${MARK}secret:${name}${MARK}`;
}

/** The secret variables whose markers the text holds, in order, without repeats. */
export function secretNames(text: string): string[] {
  return [...new Set([...text.matchAll(REF)].map((m) => m[1] as string))];
}

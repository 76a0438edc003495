/**
 * One problem found in a run spec. Codes are stable (RS1xx flags, RS2xx slime's late rules, RS3xx the
 * spec's own shape) so tests and docs can name them; `flag` lets the editor put the squiggle on the key.
 */
export interface SpecFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The flag the finding is about, when there is one. */
  flag?: string;
  /** A replacement flag name ("did you mean"). */
  suggestion?: string;
  /** A path into the spec object (e.g. ['ray', 'address']) for findings about non-flag fields. */
  path?: (string | number)[];
}

export function hasBlocking(findings: readonly SpecFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

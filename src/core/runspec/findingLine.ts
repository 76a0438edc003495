import type { SpecFinding } from './specFinding';

/**
 * The line of launch.sh a finding is about, so the review can mark it there: a flag's own line (the
 * train command has one flag per line), the `cd` into the workdir for the workdir and entry, the
 * interpreter's check for the interpreter; the first line when nothing in the script says more.
 */
export function findingLine(script: string, finding: SpecFinding): number {
  const lines = script.split('\n');
  const at = (test: (line: string) => boolean) => Math.max(0, lines.findIndex(test));
  if (finding.flag) {
    const flag = finding.flag;
    return at((l) => l.trimStart() === flag || l.trimStart().startsWith(`${flag} `));
  }
  const field = finding.path?.[0];
  if (field === 'workdir' || field === 'entry') return at((l) => l.startsWith('cd -- '));
  if (field === 'python') return at((l) => l.startsWith('"$RS_PYTHON" -c ""'));
  return 0;
}

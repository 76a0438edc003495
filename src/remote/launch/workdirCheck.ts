import type { RunSpec } from '../../core/runspec/runSpec';
import type { SpecFinding } from '../../core/runspec/specFinding';
import type { Target } from '../target';

/**
 * Whether the spec's workdir and entry exist on the box, checked before the review: launch.sh starts
 * with `cd -- <workdir>`, so a missing checkout would otherwise surface only as a run that exited at
 * once. The path is taken as the script takes it: quoted, so `~` is not expanded.
 */
export async function workdirFindings(
  target: Target,
  spec: RunSpec,
  label: string = target.label,
): Promise<SpecFinding[]> {
  const dir = await target.stat(spec.workdir).catch(() => undefined);
  if (!dir?.isDirectory)
    return [
      {
        code: 'RS306',
        severity: 'error',
        path: ['workdir'],
        message: `The workdir ${spec.workdir} is not a directory on ${label}${spec.workdir.startsWith('~') ? ' (write the full path: the launch script does not expand ~)' : ''}.`,
      },
    ];
  const entry = await target.stat(`${spec.workdir.replace(/\/+$/, '')}/${spec.entry}`).catch(() => undefined);
  if (!entry || entry.isDirectory)
    return [
      {
        code: 'RS307',
        severity: 'error',
        path: ['entry'],
        message: `${spec.workdir} on ${label} has no ${spec.entry}: is it a slime checkout?`,
      },
    ];
  return [];
}

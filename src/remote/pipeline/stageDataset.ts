import { datasetReport, type DatasetReport } from '../../core/pipeline/datasetReport';
import type { RunSpec } from '../../core/runspec/runSpec';
import type { Profile } from '../../core/toolcall/types';
import { resolveTargetPath, type Target } from '../target';

/**
 * Lints an SFT stage's chat dataset (--prompt-data) where it lies, on the box, before the stage launches.
 * A relative path is read from the workdir, as slime reads it.
 */
export async function lintStageDataset(
  target: Target,
  spec: RunSpec,
  profile: Profile,
): Promise<{ path: string; report: DatasetReport }> {
  const data = spec.args['--prompt-data'];
  if (typeof data !== 'string' || data === '')
    throw new Error(`${spec.name}: --prompt-data names no dataset file to lint.`);
  const resolved = await resolveTargetPath(target, data);
  const path = resolved.startsWith('/') ? resolved : `${spec.workdir.replace(/\/+$/, '')}/${resolved}`;
  let text: string;
  try {
    text = (await target.readFile(path)).toString('utf8');
  } catch (e) {
    throw new Error(`Cannot read the dataset ${path} on ${target.label}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return { path, report: datasetReport(text, profile) };
}

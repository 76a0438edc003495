import { datasetReport, type DatasetReport } from '../../core/pipeline/datasetReport';
import type * as z from 'zod';
import type { RftCountsSchema } from '../../core/pipeline/rftCounts';
import { filterRft, type RftResult } from '../../core/pipeline/rftFilter';
import { sftDatasetText } from '../../core/pipeline/sftDataset';
import { RFT_FILES } from '../../core/pipeline/stage';
import { importTapRecords } from '../../core/importers/tapImporter';
import { RUN_FILES } from '../../core/run/runFiles';
import type { Profile } from '../../core/toolcall/types';
import type { Target } from '../target';

export interface RftFilterOutcome {
  result: RftResult;
  /** The kept dataset, linted with the tool-call engine. */
  lint: DatasetReport;
  datasetPath: string;
  countsPath: string;
  /** Lines of rollouts.jsonl that could not be read. */
  unreadable: number;
}

/**
 * Filters an RFT sampling run on its box: reads the attempts the tap recorded, keeps what the
 * cookbook's rule keeps, writes the dataset the next SFT stage reads and the counts beside it in the run
 * directory, and lints the dataset.
 */
export async function filterRftRun(
  target: Target,
  runDir: string,
  profile: Profile,
  inputKey = 'prompt',
): Promise<RftFilterOutcome> {
  const rolloutsPath = `${runDir}/${RUN_FILES.rollouts}`;
  const text = (await target.readFile(rolloutsPath)).toString('utf8');
  const imported = importTapRecords(text, rolloutsPath);
  const samples = imported.samples.filter((s) => !s.evaluation);
  if (samples.length === 0) throw new Error(`${rolloutsPath} holds no rollout samples to filter.`);
  const result = filterRft(samples);
  const dataset = sftDatasetText(result.kept, inputKey);
  const datasetPath = `${runDir}/${RFT_FILES.dataset}`;
  const countsPath = `${runDir}/${RFT_FILES.counts}`;
  await target.writeFile(datasetPath, dataset);
  const lint = datasetReport(dataset, profile);
  const counts: z.input<typeof RftCountsSchema> = {
    kept: result.kept.length,
    removed: result.removed,
    domains: result.domains,
    tasks: result.tasks,
    lint: { total: lint.total, byCode: lint.byCode },
  };
  await target.writeFile(countsPath, `${JSON.stringify(counts, null, 2)}\n`);
  return { result, lint, datasetPath, countsPath, unreadable: imported.skipped };
}

// A diagnostics worker thread's program (bundled on its own as dist/diagnoseWorker.js): counts the
// tool-call diagnostics of the records it is sent, with the counter of the profile it is named.
import { parentPort } from 'node:worker_threads';
import type { Profile } from '../toolcall/types';
import { sampleAnnotator } from './annotateSample';
import { diagnoseRecord } from './diagnoseRecord';
import type { Annotate } from './recordEntry';

export interface DiagnoseJob {
  id: number;
  profile: Profile;
  bytes: ArrayBuffer;
  /** Start, end pairs: the records' byte ranges in `bytes`. */
  ranges: number[];
}

// One counter per profile, kept so its compiled tool schemas are reused from job to job.
const annotators = new Map<string, Annotate>();

parentPort?.on('message', ({ id, profile, bytes, ranges }: DiagnoseJob) => {
  const key = JSON.stringify(profile);
  let annotate = annotators.get(key);
  if (!annotate) annotators.set(key, (annotate = sampleAnnotator(profile)));
  const text = Buffer.from(bytes);
  const diagnoses = [];
  for (let k = 0; k < ranges.length; k += 2) {
    diagnoses.push(diagnoseRecord(text.toString('utf8', ranges[k], ranges[k + 1]), annotate));
  }
  parentPort?.postMessage({ id, diagnoses });
});

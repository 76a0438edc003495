import type { SampleRecord } from '../../core/records/tapRecord';
import { joinTrainTokens, trainedAdvantageRange } from '../../core/tokens/joinTrainTokens';
import { loadTrainTokens } from '../../remote/trainTokensLoader';
import type { TrainTokensResult } from '../../remote/trainTokensLoader';
import type { Target } from '../../remote/target';
import type { TokenView } from '../../shared/protocol';

/**
 * Answers the viewer's token requests: one converted train dump per (run, step), loaded once and shared
 * by the step's samples. A step whose dump is not there yet is asked for again next time.
 */
export class TokenViews {
  private readonly files = new Map<string, Promise<TrainTokensResult>>();

  constructor(private readonly converterSource: () => Promise<string>) {}

  /** A step's token file was replaced (Open Debug Train Data): read it again next time. */
  forget(target: Target, runDir: string, step: number): void {
    this.files.delete(fileKey(target, runDir, step));
  }

  async view(target: Target, runDir: string, record: SampleRecord): Promise<TokenView> {
    if (record.evaluation)
      return { ok: false, reason: 'eval rollouts are not trained on, so no train dump has them' };
    const key = fileKey(target, runDir, record.step);
    let loading = this.files.get(key);
    if (!loading) {
      loading = this.converterSource().then((source) => loadTrainTokens(target, runDir, record.step, source));
      this.files.set(key, loading);
    }
    let loaded: TrainTokensResult;
    try {
      loaded = await loading;
    } catch (e) {
      this.files.delete(key);
      throw e;
    }
    if (!loaded.ok) {
      this.files.delete(key);
      return { ok: false, reason: loaded.reason };
    }
    const join = joinTrainTokens({ step: record.step, sampleIndex: record.sampleIndex }, loaded.file);
    if (!join.ok) return { ok: false, reason: `Cannot show this sample's tokens: ${join.reason}.` };
    return {
      ok: true,
      joinedBy: join.by,
      path: loaded.path,
      sources: loaded.file.sources,
      tokenizer: loaded.file.tokenizer,
      problems: loaded.file.problems,
      maxAbs: trainedAdvantageRange(loaded.file),
      sample: join.sample,
    };
  }
}

const fileKey = (target: Target, runDir: string, step: number) => `${target.label}\0${runDir}\0${step}`;

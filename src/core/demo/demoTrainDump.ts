import type { SampleRecord } from '../records/tapRecord';
import { groupAdvantage } from '../trajectory/groupAdvantage';
import { rng } from './demoSamples';
import type { DemoTokenizer } from './demoTokenizer';

// Demo data only. One step's --save-debug-train-data payload as slime's train_data_utils builds it
// (format_version 2: per-sample rows aligned with the rollout order, the DP layout beside them), with lists
// where slime has tensors. Tokens come from the chat template through the demo tokenizer; the loss mask is
// 1 on the policy's own tokens; advantages are GRPO's group-normalised reward broadcast over the response,
// as slime's grpo estimator does; log-probs are made up, deterministically, and marked as demo data.

export interface DemoTrainSample {
  record: SampleRecord;
  /** slime's Sample.index of the sample (what the tap records as sampleIndex). */
  sampleIndex: number;
}

const chatHeader = (role: string) => `<|im_start|>${role}\n`;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function demoTrainPayload(
  step: number,
  samples: readonly DemoTrainSample[],
  samplesPerGroup: number,
  tokenizer: DemoTokenizer,
): Record<string, unknown> {
  const reward = (r: SampleRecord) => r.shapedReward ?? r.reward ?? 0;
  const advantages: number[] = [];
  for (let g = 0; g < samples.length; g += samplesPerGroup) {
    const group = samples.slice(g, g + samplesPerGroup).map((s) => reward(s.record));
    advantages.push(...groupAdvantage(group).advantages);
  }
  const rows = samples.map(({ record, sampleIndex }, position) => {
    const [system, user, ...rest] = record.messages;
    const prompt = [system, user]
      .filter((m) => m !== undefined)
      .map((m) => `${chatHeader(m.role)}${typeof m.content === 'string' ? m.content : ''}<|im_end|>\n`)
      .join('');
    const promptIds = tokenizer.encode(prompt);
    const ids: number[] = [];
    const mask: number[] = [];
    const push = (text: string, trained: number) => {
      for (const id of tokenizer.encode(text)) {
        ids.push(id);
        mask.push(trained);
      }
    };
    for (const m of rest) {
      const trained = m.role === 'assistant' && m.trainable !== false ? 1 : 0;
      push(chatHeader(m.role), 0);
      push(`${typeof m.content === 'string' ? m.content : ''}<|im_end|>`, trained);
      push('\n', 0);
    }
    const random = rng(step * 100_003 + sampleIndex);
    // Mostly confident tokens with a few surprising ones, as a sampled policy's log-probs look.
    const logProbs = ids.map(() => round(random() < 0.08 ? -1 - random() * 4 : -random() * 0.3));
    const advantage = round(advantages[position] ?? 0);
    return {
      data_parallel_rank: position % 2,
      rollout_position: position,
      sample_index: sampleIndex,
      tokens: [...promptIds, ...ids],
      response_lengths: ids.length,
      total_lengths: promptIds.length + ids.length,
      rewards: round(reward(record)),
      truncated: record.status === 'truncated' ? 1 : 0,
      loss_masks: mask,
      log_probs: logProbs,
      ref_log_probs: logProbs.map((lp) => round(lp - random() * 0.05)),
      advantages: ids.map(() => advantage),
      returns: ids.map(() => advantage),
    };
  });
  return {
    format_version: 2,
    rollout_id: step,
    rank: 0,
    demo: true,
    samples: rows,
    dp_shards: [0, 1].map((dp) => ({
      rank: dp,
      data_parallel_rank: dp,
      sample_indices: rows.filter((r) => r.data_parallel_rank === dp).map((r) => r.sample_index),
      partition: rows.filter((r) => r.data_parallel_rank === dp).map((r) => r.rollout_position),
    })),
    raw_reward: samples.map((s) => s.record.rawReward ?? s.record.reward ?? 0),
  };
}

import * as vscode from 'vscode';
import { declaredRewardRange, describeScale, rewardScale } from '../shared/rewardScale';
import type { RewardScale } from '../shared/rewardScale';
import type { RunRecord } from '../core/run/runFiles';
import type { SampleColumns } from '../core/store/sampleColumns';
import type { StepEntry } from '../core/store/sampleIndex';
import { level } from '../shared/metricLevel';

// Reward dots for the explorer, on the same scale as the viewer's: the range the run declares, else the
// range its samples span. Tree items can only take theme colours, so the scale has the four built-in chart
// colours from red to green; text (descriptions, tooltips) shows the level as a filled-in circle.

const COLORS = ['charts.red', 'charts.orange', 'charts.yellow', 'charts.green'] as const;
const GLYPHS = ['○', '◔', '◑', '◕', '●'] as const;

const observedCache = new WeakMap<SampleColumns, { seen: number; min: number; max: number }>();

/** The run's reward scale; the observed range is kept per store and extended as samples arrive. */
export function runRewardScale(
  record: RunRecord,
  store: { samples: SampleColumns; steps: ReadonlyMap<string, StepEntry> },
): RewardScale | null {
  let o = observedCache.get(store.samples);
  if (o === undefined || o.seen > store.samples.length) o = { seen: 0, min: Infinity, max: -Infinity };
  for (let i = o.seen; i < store.samples.length; i++) {
    const r = store.samples.reward(i);
    if (r === null || !Number.isFinite(r)) continue;
    o.min = Math.min(o.min, r);
    o.max = Math.max(o.max, r);
  }
  o.seen = store.samples.length;
  observedCache.set(store.samples, o);
  const observed = o.min <= o.max ? { min: o.min, max: o.max } : null;
  return rewardScale(declaredRewardRange(record, store.steps.values()), observed);
}

/** A filled circle in the reward's colour; an outline when there is no reward or no scale yet. */
export function rewardIcon(reward: number | null, scale: RewardScale | null): vscode.ThemeIcon {
  if (reward === null || scale === null) return new vscode.ThemeIcon('circle-outline');
  const color = COLORS[level(reward, scale.min, scale.max, COLORS.length)]!;
  return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(color));
}

/** The reward as a circle filled to its place on the scale, for descriptions ("·" when unknown). */
export function rewardGlyph(reward: number | null, scale: RewardScale | null): string {
  if (reward === null || scale === null) return '·';
  return GLYPHS[level(reward, scale.min, scale.max, GLYPHS.length)]!;
}

export function scaleNote(scale: RewardScale | null): string {
  return scale === null ? vscode.l10n.t('no reward yet') : vscode.l10n.t('scale: {0}', describeScale(scale));
}

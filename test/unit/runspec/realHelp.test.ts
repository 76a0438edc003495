import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUNDLED_FLAGS, FLAGS_MISSING_FROM_HELP } from '../../../src/core/runspec/flagTable';
import type { FlagTable } from '../../../src/core/runspec/flagTable';
import { flagsFromHelp } from '../../../src/core/runspec/helpFlags';
import { lintSpec } from '../../../src/core/runspec/lintSpec';
import { PRESETS } from '../../../src/core/runspec/presets';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import type { RunSpec } from '../../../src/core/runspec/runSpec';

// slime's real `train.py --help` (slime 624b824a8, Megatron 1dcf0daf + slime's patch); see the README
// beside it.
const HELP = readFileSync(join(__dirname, '../../fixtures/upstream/slime/train-help.txt'), 'utf8');
const help = flagsFromHelp(HELP, 'train.py --help', BUNDLED_FLAGS.openPrefixes) as FlagTable;

const spec = (args: RunSpec['args']): RunSpec =>
  RunSpecSchema.parse({ name: 't', workdir: '/w', tap: false, args: { '--rollout-batch-size': 8, ...args } });
const flagFindings = (args: RunSpec['args']) =>
  lintSpec(spec(args), { helpTable: help }).filter((f) => f.code.startsWith('RS1'));

describe("slime's real train.py --help", () => {
  test('every option line is read: 890 long flags and --help, choice lists included', () => {
    expect(help.flags.size).toBe(891);
    for (const flag of [
      '--optimizer',
      '--lr-decay-style',
      '--advantage-estimator',
      '--kl-loss-type',
      '--loss-type',
    ])
      expect(help.flags.get(flag)).toBe('value');
    // `{aux_loss,…} [{aux_loss,…} ...]` is nargs='+' over a choice list.
    expect(help.flags.get('--moe-router-load-balancing-type')).toBe('list');
    expect(help.flags.get('--offload-train')).toBe('bare');
    expect(help.flags.get('--no-offload-train')).toBe('bare');
    expect(help.counts?.get('--rampup-batch-size')).toBe(3);
    // "May be repeated." is wrapped onto the next description line in the real output.
    expect(help.flags.get('--rollout-sample-hook-path')).toBe('append');
  });

  test.each(PRESETS.map((p) => [p.id, p] as const))('preset %s checks clean against it', (_id, preset) => {
    const findings = lintSpec(RunSpecSchema.parse(preset.spec), { helpTable: help });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a misspelt flag is an error with the real name', () => {
    expect(flagFindings({ '--lr-decay-styl': 'constant' })).toEqual([
      expect.objectContaining({ code: 'RS101', severity: 'error', suggestion: '--lr-decay-style' }),
    ]);
  });

  test("list values of nargs='+' flags pass; a list on a one-value flag does not", () => {
    expect(
      flagFindings({
        '--eval-prompt-data': ['aime', '/data/aime.jsonl'],
        '--moe-aux-loss-coeff': [0.001, 0.0001],
        '--moe-router-load-balancing-type': ['seq_aux_loss', 'global_aux_loss'],
      }),
    ).toEqual([]);
    expect(flagFindings({ '--lr': [1, 2] })).toEqual([
      expect.objectContaining({ code: 'RS102', flag: '--lr' }),
    ]);
  });

  test('a repeatable flag takes a list, whether the help text or the bundled table says it repeats', () => {
    const hooks = { '--rollout-sample-hook-path': ['rollout_studio_tap.sample_hook', 'mine.hook'] };
    expect(flagFindings(hooks)).toEqual([]);
    // A --help without slime's "May be repeated" wording: the bundled table still knows.
    const bare = flagsFromHelp(HELP.replace(/May be\s+repeated\./, ''), 'x', BUNDLED_FLAGS.openPrefixes);
    expect(bare?.flags.get('--rollout-sample-hook-path')).toBe('value');
    const findings = lintSpec(spec(hooks), { helpTable: bare as FlagTable });
    expect(findings.filter((f) => f.code.startsWith('RS1'))).toEqual([]);
  });

  test('a fixed-count flag takes exactly that many values', () => {
    expect(flagFindings({ '--rampup-batch-size': [16, 8, 300000] })).toEqual([]);
    for (const value of [16, [16, 8]])
      expect(flagFindings({ '--rampup-batch-size': value })).toEqual([
        expect.objectContaining({ code: 'RS102', flag: '--rampup-batch-size' }),
      ]);
  });

  test('flags parsed before --help, and --prefill-num-servers of the SGLang parser, are known', () => {
    expect(FLAGS_MISSING_FROM_HELP.filter((f) => help.flags.has(f))).toEqual([]);
    expect(
      flagFindings({
        '--debug-rollout-only': true,
        '--debug-train-only': false,
        '--load-debug-rollout-data': '/dumps/{rollout_id}.pt',
        '--train-backend': 'megatron',
        '--prefill-num-servers': 1,
      }),
    ).toEqual([]);
  });

  test('an empty value is an error (argparse exits 2 on it)', () => {
    expect(flagFindings({ '--rollout-num-gpus': '' })).toEqual([
      expect.objectContaining({ code: 'RS102', severity: 'error', flag: '--rollout-num-gpus' }),
    ]);
    expect(flagFindings({ '--eval-prompt-data': ['aime', ' '] })).toEqual([
      expect.objectContaining({ code: 'RS102', flag: '--eval-prompt-data' }),
    ]);
  });

  test('the bundled table agrees with it: every flag is there, taking values the same way', () => {
    const disagree: string[] = [];
    for (const [flag, kind] of BUNDLED_FLAGS.flags) {
      if (BUNDLED_FLAGS.openPrefixes.some((p) => flag.startsWith(p))) continue;
      if (FLAGS_MISSING_FROM_HELP.includes(flag)) continue;
      if (help.flags.get(flag) !== kind)
        disagree.push(`${flag}: bundled ${kind}, --help ${help.flags.get(flag)}`);
      if (BUNDLED_FLAGS.counts?.get(flag) !== help.counts?.get(flag)) disagree.push(`${flag}: count`);
    }
    expect(disagree).toEqual([]);
  });
});

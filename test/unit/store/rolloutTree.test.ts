import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import {
  RolloutTree,
  bestOtherInGroup,
  describeStep,
  isZeroStd,
  stepErrors,
  stepReward,
} from '../../../src/core/store/rolloutTree';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { columnsOf, sampleEntry } from '../sampleEntry';

const entry = (step: number, group: number, index: number, reward: number | null, errors = 0) =>
  sampleEntry({ length: 0, step, group, index, reward, errors, task: `task-${group}`, domain: 'retail' });

describe('RolloutTree', () => {
  it('groups samples by step and group incrementally; a new step joins at the end', () => {
    const tree = new RolloutTree();
    const samples = columnsOf([
      entry(0, 0, 0, 1),
      entry(0, 0, 1, 0, 2),
      entry(0, 1, 0, 1),
      entry(0, 1, 1, 1),
    ]);
    tree.update(samples);
    samples.push(entry(1, 0, 0, 0));
    tree.update(samples);
    // Oldest first: while a run streams, the rows above never move under the pointer.
    const [first, latest] = tree.stepNodes();
    expect(tree.latest()).toBe(latest);
    expect(latest?.step).toBe(1);
    expect(first?.samples).toBe(4);
    expect(first?.withErrors).toBe(1);
    const spread = stepReward(first!);
    expect(spread?.mean).toBeCloseTo(0.75);
    expect(spread?.std).toBeCloseTo(Math.sqrt(0.1875));
    expect(isZeroStd(samples, first!.groups.get(0)!)).toBe(false);
    expect(isZeroStd(samples, first!.groups.get(1)!)).toBe(true);
  });

  it('counts samples whose diagnostics are pending apart, and moves them once the store fills them', () => {
    const tree = new RolloutTree();
    const samples = columnsOf([entry(0, 0, 0, 1), { ...entry(0, 0, 1, 0), errors: null, warnings: null }]);
    tree.update(samples);
    const [step] = tree.stepNodes();
    expect([step?.pending, step?.withErrors]).toEqual([1, 0]);
    samples.setDiagnostics(1, 3, 0, 0);
    tree.update(samples);
    expect([step?.pending, step?.withErrors]).toEqual([0, 1]);
  });

  it('finds the best-rewarded other sample of a group to compare with', () => {
    const tree = new RolloutTree();
    const samples = columnsOf([
      entry(0, 0, 0, 0.5),
      entry(0, 0, 1, 1),
      entry(0, 0, 2, 1),
      entry(0, 0, 3, null),
    ]);
    tree.update(samples);
    const group = tree.group(0, false, 0)!;
    expect(bestOtherInGroup(samples, group, samples.at(0)!)?.index).toBe(1);
    // The best itself faces the best of the others, the lowest index among equals.
    expect(bestOtherInGroup(samples, group, samples.at(1)!)).toEqual(samples.at(2));
    expect(bestOtherInGroup(samples, group, samples.at(3)!)?.index).toBe(1);
    const lonely = new RolloutTree();
    const pair = columnsOf([entry(0, 0, 0, 1), entry(0, 0, 1, null)]);
    lonely.update(pair);
    expect(bestOtherInGroup(pair, lonely.group(0, false, 0)!, entry(0, 0, 0, 1))).toBeUndefined();
  });

  it('starts over when the store begins a new generation', () => {
    const tree = new RolloutTree();
    tree.update(columnsOf([entry(0, 0, 0, 1), entry(0, 0, 1, 1)]));
    tree.update(columnsOf([entry(5, 0, 0, 0)]));
    expect(tree.stepNodes().map((s) => s.step)).toEqual([5]);
  });
});

describe('the step in progress', () => {
  it("says so while the live run's newest step has no step record, and counts samples properly", () => {
    const tree = new RolloutTree();
    tree.update(columnsOf([entry(0, 0, 0, 1), entry(0, 0, 1, 0), entry(1, 0, 0, 0)]));
    const [done, newest] = tree.stepNodes();
    expect(tree.inProgress(newest!, true, false)).toBe(true);
    expect(describeStep(newest!, true).join(' · ')).toBe(
      'in progress · reward 0.00 ± 0.00 so far · 1 sample so far · 0% parse failures, 0% schema/policy errors',
    );
    // A step with its record, an older step, or a run that has exited is not in progress.
    expect(tree.inProgress(newest!, true, true)).toBe(false);
    expect(tree.inProgress(done!, true, false)).toBe(false);
    expect(tree.inProgress(newest!, false, false)).toBe(false);
    expect(describeStep(done!, false)[1]).toBe('2 samples');
  });
});

describe('parse failures apart from schema errors', () => {
  const tools = [
    {
      type: 'function',
      function: {
        name: 'get_order',
        parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    },
  ];
  const sample = (...turns: string[]) => ({
    ...demoSample(0, 0, 0),
    tools,
    messages: [
      { role: 'user' as const, content: 'hi' },
      ...turns.map((content) => ({ role: 'assistant' as const, content })),
    ],
  });
  const annotate = sampleAnnotator(parseProfile({}));

  it('counts a call SGLang drops (invalid JSON) as a parse failure, and a schema violation it returns as not', () => {
    const dropped = '<tool_call>\n{"name": "get_order", "arguments": {"id": "A1",}}\n</tool_call>';
    const schema = '<tool_call>\n{"name": "get_order", "arguments": {"id": 7}}\n</tool_call>';
    expect(annotate(sample(schema))).toMatchObject({ errors: 1, dropped: 0 });
    expect(annotate(sample(dropped))).toMatchObject({ errors: 1, dropped: 1 });
    expect(annotate(sample(dropped, schema))).toMatchObject({ errors: 2, dropped: 1 });
  });

  it("the explorer's step shows the two shares apart", () => {
    const tree = new RolloutTree();
    const samples = columnsOf([
      { ...entry(0, 0, 0, 1), errors: 1, dropped: 1 },
      { ...entry(0, 0, 1, 0), errors: 1, dropped: 0 },
      { ...entry(0, 0, 2, 0), errors: 0, dropped: 0 },
      { ...entry(0, 0, 3, 0), errors: null, warnings: null },
    ]);
    tree.update(samples);
    const [step] = tree.stepNodes();
    expect(stepErrors(step!)).toBe('33% parse failures, 33% schema/policy errors (1 pending)');
    // The pending sample is counted as a parse failure once the store fills it in.
    samples.setDiagnostics(3, 1, 0, 1);
    tree.update(samples);
    expect(stepErrors(step!)).toBe('50% parse failures, 25% schema/policy errors');
  });
});

describe('sampleAnnotator', () => {
  it('counts the tool-call errors of the demo’s malformed turns and none in clean ones', () => {
    const annotate = sampleAnnotator(parseProfile({}));
    let clean = 0;
    let broken = 0;
    for (let step = 0; step < 4; step++) {
      for (let g = 0; g < 6; g++) {
        for (let i = 0; i < 4; i++) {
          const s = demoSample(step, g, i);
          const { errors } = annotate(s);
          const malformed = s.messages.some(
            (m) =>
              m.role === 'assistant' &&
              (/<tool_call>\{/.test(m.content) ||
                m.content.includes('},}') ||
                m.content.includes('"arguments":"')),
          );
          if (malformed) {
            expect(errors).toBeGreaterThan(0);
            broken += 1;
          } else if (s.status === 'completed' && s.reward === 1) {
            expect(errors).toBe(0);
            clean += 1;
          }
        }
      }
    }
    expect(clean).toBeGreaterThan(10);
    expect(broken).toBeGreaterThan(0);
  });
});

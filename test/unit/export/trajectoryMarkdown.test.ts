import { describe, expect, it } from 'vitest';
import { escapeMarkdown, fenced, trajectoryMarkdown } from '../../../src/core/export/trajectoryMarkdown';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import type { TrajectorySample } from '../../../src/core/trajectory/sample';
import type { Profile } from '../../../src/core/toolcall/types';

const profile: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };

describe('trajectory as Markdown', () => {
  it('keeps model text inside a fence it cannot close, and escapes record text in prose', () => {
    expect(fenced('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````');
    expect(escapeMarkdown('<img src=x onerror=alert(1)> | [x](y)\n# h')).toBe(
      '\\<img src=x onerror=alert\\(1\\)\\> \\| \\[x\\]\\(y\\) \\# h',
    );
  });

  it('writes the header, every turn verbatim and the parser verdict with diagnostics', () => {
    const broken = '<tool_call>\n{"name": "get_order", "arguments": {"id": 1},}\n</tool_call>';
    const sample: TrajectorySample = {
      id: 'x',
      source: { file: 'rollouts.jsonl', line: 3 },
      step: 3,
      evaluation: false,
      group: '0',
      index: 2,
      taskId: '12',
      domain: 'retail',
      status: 'completed',
      reward: { value: 0, raw: 0, shaped: 0.1 },
      turns: [
        { role: 'user', text: 'cancel my order ```', toolCalls: [] },
        { role: 'assistant', text: broken, toolCalls: [], analysis: analyzeTurn(broken, { profile }) },
      ],
      metadata: {},
      lengths: { turns: 2 },
    };
    const md = trajectoryMarkdown(sample, {
      run: 'tau2 GRPO',
      sampleId: 'step-3/group-0/sample-2',
      profile,
      link: 'vscode://rollout-studio.rollout-studio/open?box=local',
    });
    expect(md).toContain('## tau2 GRPO · step\\-3/group\\-0/sample\\-2');
    expect(md).toContain('| Task | retail · 12 |');
    expect(md).toContain('| Reward | 0 (raw 0, shaped 0.100) |');
    expect(md).toContain(
      '| Open in Rollout Studio | <vscode://rollout-studio.rollout-studio/open?box=local> |',
    );
    expect(md).toContain('### Turn 0 · user\n\n````text\ncancel my order ```\n````');
    expect(md).toContain(`### Turn 1 · assistant · 1 error\n\n\`\`\`text\n${broken}\n\`\`\``);
    expect(md).toContain('would return finish\\_reason stop with 0 tool calls.');
    expect(md).toMatch(/- TC002 error at characters \d+–\d+: /);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLintCommand } from '../../../src/cli/lint';
import { readFixture } from '../importers/fixtures';

const call = (name: string, args: unknown): string =>
  `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
const record = (content: string, tools?: unknown): string =>
  JSON.stringify({
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content },
    ],
    ...(tools ? { tools } : {}),
  });

const FILES: Record<string, string> = {
  'clean.jsonl': `${record(call('get_order', { order_id: 'A1' }))}\n`,
  'broken.jsonl': `${record(call('get_order', { order_id: 'A1' }))}\n${record("ok\n<tool_call>\n{'name': 'get_order'}\n</tool_call>")}\nnot json\n`,
  'turn.txt': '<think>\nhm\n</think>\n\n<tool_call>{"name": "get_order", "arguments": {}}</tool_call>',
  'tools.json': JSON.stringify([
    { type: 'function', function: { name: 'get_order', parameters: { type: 'object' } } },
  ]),
  'bad-tools.json': '{"tools": [{"function": {}}]}',
  // A nullable array parameter: SGLang reads its type from anyOf only since 0.5.17.
  'coder.jsonl': `${record(
    '<tool_call>\n<function=pick>\n<parameter=ids>\n[1, 2]\n</parameter>\n</function>\n</tool_call>',
    [
      {
        type: 'function',
        function: {
          name: 'pick',
          parameters: {
            type: 'object',
            properties: { ids: { anyOf: [{ type: 'array' }, { type: 'null' }] } },
          },
        },
      },
    ],
  )}\n`,
  // Real tau2 results (gpt-4.1 on telecom): every assistant turn is a structured tool call, content null.
  'tau2-telecom.json': readFileSync(
    fileURLToPath(
      new URL('../../fixtures/upstream/tau2/gpt-4.1_telecom_no-user_4trials_5tasks.json', import.meta.url),
    ),
    'utf8',
  ),
  'unforced.txt':
    'The user wants an order.\n<tool_call>\n{"name": "get_order", "arguments": {}}\n</tool_call>',
};

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runLintCommand(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: async (p) => {
      const text = FILES[p];
      if (text === undefined) throw new Error(`ENOENT: no such file '${p}'`);
      return text;
    },
  });
  return { code, stdout, stderr };
}

describe('rollout-studio lint', () => {
  it('on tau2 results with structured tool calls, counts the turns and says none carries raw text', async () => {
    const r = await run(['tau2-telecom.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '20 records, 212 assistant turns (none carries raw text to check: all are structured tool calls an API already parsed), 0 calls: 0 errors, 0 warnings\n',
    );
    const json = await run(['tau2-telecom.json', '--format', 'json']);
    expect(JSON.parse(json.stdout).summary).toMatchObject({ assistantTurns: 212, turnsWithoutText: 212 });
  });

  it('exits 0 on a clean file and prints a summary', async () => {
    const r = await run(['clean.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 records, 1 assistant turns, 1 calls: 0 errors, 0 warnings\n');
  });

  it('exits 1 and prints path:line:col for each diagnostic and unreadable record', async () => {
    const r = await run(['broken.jsonl']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const line2 = FILES['broken.jsonl']!.split('\n')[1]!;
    const col = line2.indexOf("'name'") + 1;
    expect(lines).toEqual([
      expect.stringMatching(/^broken\.jsonl:3:1: error unreadable record: not valid JSON/),
      expect.stringMatching(
        new RegExp(
          `^broken\\.jsonl:2:${col}: error TC002 The block is not valid JSON: it uses single quotes`,
        ),
      ),
      '3 records, 2 assistant turns, 1 calls: 1 errors, 0 warnings (TC002 ×1); 1 unreadable',
    ]);
  });

  it('reads turns like the SGLang release named by --sglang', async () => {
    const newest = await run(['coder.jsonl', '--parser', 'qwen3_coder']);
    expect(newest.code).toBe(0);
    const old = await run(['coder.jsonl', '--parser', 'qwen3_coder', '--sglang', '0.5.15.post1']);
    expect(old.code).toBe(1);
    expect(old.stdout).toMatch(/error TC006 .*must be array/);
    const bad = await run(['coder.jsonl', '--sglang', 'latest']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SGLang version 'latest' is not a release number/);
  });

  it('--force-reasoning reads a turn with no think tag at all as reasoning', async () => {
    const reasoning = async (argv: string[]) => {
      const r = await run([...argv, '--format', 'json']);
      const doc = JSON.parse(r.stdout) as { files: { turns: { verdict: { reasoning: string | null } }[] }[] };
      return doc.files[0]?.turns[0]?.verdict.reasoning;
    };
    expect(await reasoning(['unforced.txt'])).toBeNull();
    // SGLang 0.5.15+: the <tool_call> ends the forced reasoning.
    expect(await reasoning(['unforced.txt', '--force-reasoning'])).toBe('The user wants an order.\n');
  });

  it('lints a raw completion with the chosen profile', async () => {
    const r = await run(['turn.txt', '--parser', 'hermes']);
    expect(r.code).toBe(0);
    const q = await run(['turn.txt', '--parser', 'qwen']);
    expect(q.code).toBe(1);
    expect(q.stdout).toMatch(/^turn\.txt:5:1: error TC010 /);
  });

  it('prints the JSON document of the contract', async () => {
    const r = await run([
      'broken.jsonl',
      '--format',
      'json',
      '--reasoning-parser',
      'none',
      '--tools',
      'tools.json',
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toEqual({
      files: [
        {
          path: 'broken.jsonl',
          turns: [
            {
              line: 1,
              record: 0,
              message: 1,
              verdict: {
                parser: 'qwen25',
                reasoningParser: 'none',
                content: null,
                reasoning: null,
                calls: [{ name: 'get_order', arguments: { order_id: 'A1' } }],
                finishReason: 'tool_calls',
              },
              diagnostics: [],
            },
            {
              line: 2,
              record: 1,
              message: 1,
              // SGLang 0.5.16+: no readable call, so only the text before the tag stays and finish_reason stays stop.
              verdict: expect.objectContaining({ content: 'ok', calls: [], finishReason: 'stop' }),
              diagnostics: [
                { code: 'TC002', severity: 'error', message: expect.any(String), start: 16, end: 22 },
              ],
            },
          ],
          problems: [{ line: 3, message: expect.stringMatching(/^not valid JSON/) }],
        },
      ],
      summary: {
        records: 3,
        assistantTurns: 2,
        turnsWithoutText: 0,
        calls: 1,
        errors: 1,
        warnings: 0,
        byCode: { TC002: 1 },
      },
    });
  });

  it("reads a tap file: step records hold no turns, and a truncated sample's last turn ended by length", async () => {
    const sample = (status: string) =>
      JSON.stringify({
        kind: 'sample',
        v: 2,
        ts: 0,
        step: 0,
        evaluation: false,
        group: 0,
        index: 0,
        status,
        reward: 0,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'Let me look that up' },
        ],
      });
    const step = JSON.stringify({ kind: 'step', v: 2, ts: 0, step: 0, evaluation: false, metrics: {} });
    const status = JSON.stringify({ kind: 'tap', v: 2, ts: 0, samples: 2, steps: 1, errors: {} });
    FILES['rollouts.jsonl'] = [sample('truncated'), sample('completed'), step, status].join('\n') + '\n';
    const r = await run(['rollouts.jsonl', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as {
      files: { turns: { line: number; verdict: { finishReason: string } }[]; problems: unknown[] }[];
    };
    expect(doc.files[0]!.problems).toEqual([]);
    expect(doc.files[0]!.turns.map((t) => [t.line, t.verdict.finishReason])).toEqual([
      [1, 'length'],
      [2, 'stop'],
    ]);
    // The tap's own round-trip fixture: samples, step and eval records.
    FILES['fixture.jsonl'] = readFixture('tap-rollouts.jsonl');
    const fixture = await run(['fixture.jsonl']);
    expect(fixture.stdout).not.toMatch(/unreadable/);
  });

  it('applies a --tools file to records without tools', async () => {
    FILES['unknown.jsonl'] = record(call('cancel', {}));
    expect((await run(['unknown.jsonl'])).code).toBe(0);
    const r = await run(['unknown.jsonl', '--tools', 'tools.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /error TC005 "cancel" is not among the tools offered to this turn \(get_order\)/,
    );
  });

  it('exits 2 on bad usage or unreadable input', async () => {
    for (const argv of [
      [],
      ['clean.jsonl', '--bogus'],
      ['clean.jsonl', '--parser', 'llama3'],
      ['clean.jsonl', '--policy', 'strict'],
      ['clean.jsonl', '--format', 'xml'],
      ['clean.jsonl', '--tools', 'missing.json'],
      ['clean.jsonl', '--tools', 'bad-tools.json'],
      ['missing.jsonl'],
      ['clean.jsonl', 'missing.jsonl'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toMatch(/^rollout-studio lint: /);
    }
    expect((await run(['clean.jsonl', '--parser', 'llama3'])).stderr).toMatch(
      /Allowed: qwen25, qwen, hermes, qwen3_coder/,
    );
  });

  it('prints usage on --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: rollout-studio lint <file\.\.\.>/);
  });
});

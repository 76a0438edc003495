import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { analyzeTurn } from '../../src/core/toolcall/analyzeTurn';
import { parseProfile } from '../../src/core/toolcall/profile';
import { compareWithSglang } from '../../src/core/toolcall/sglangComparison';
import { toolsFromJson } from '../../src/core/toolcall/tools';
import { checkTurnOnBox, checkWithBoxSglang, type SglangCheckInput } from '../../src/remote/boxSglangCheck';
import { useTrustedBox } from './harness/trustedBox';

// "Check with the box's SGLang" against a real sshd whose python3 imports SGLang 0.5.23 from PyPI (one of
// the test environment's pinned releases, installed without its dependencies) plus the few packages its
// parsers import (the test venv's site-packages).
const SCRIPT = readFileSync(join(import.meta.dirname, '../../media/sglang_verdict.py'), 'utf8');
const release = inject('sglangReleases').find((r) => r.version === '0.5.23');
if (release === undefined) throw new Error('SGLang 0.5.23 is not among the pinned releases');
const venvLib = join(dirname(dirname(inject('testPython'))), 'lib');
const sitePackages = join(
  venvLib,
  readdirSync(venvLib).find((d) => d.startsWith('python3')) ?? '',
  'site-packages',
);

const withSglang = useTrustedBox('rs-sglang-check-', {
  env: { PYTHONPATH: `${release.root}:${sitePackages}` },
});
const withoutDeps = useTrustedBox('rs-sglang-nodeps-', { env: { PYTHONPATH: release.root } });
const without = useTrustedBox('rs-sglang-none-');
// A box whose mktemp writes where the test can see that nothing is left behind.
const boxTmp = mkdtempSync(join(tmpdir(), 'rs-sglang-boxtmp-'));
afterAll(() => rmSync(boxTmp, { recursive: true, force: true }));
const withTmp = useTrustedBox('rs-sglang-tmp-', {
  env: { PYTHONPATH: `${release.root}:${sitePackages}`, TMPDIR: boxTmp },
});

const TOOLS = [
  {
    type: 'function',
    function: { name: 'get_order', parameters: { type: 'object', properties: { id: { type: 'integer' } } } },
  },
];
const turn = (text: string, parser = 'qwen25'): SglangCheckInput => ({
  parser,
  reasoningParser: 'qwen3',
  forceReasoning: false,
  tools: TOOLS,
  text,
});
const ours = (input: SglangCheckInput, sglang: string) =>
  analyzeTurn(input.text, {
    profile: parseProfile({
      parser: input.parser,
      reasoningParser: input.reasoningParser,
      forceReasoning: false,
      sglang,
    }),
    tools: toolsFromJson(input.tools),
  }).verdict;

describe("Check with the box's SGLang", () => {
  it("reads a turn with the box's own parsers, and agrees with the engine under that release", async () => {
    const input = turn(
      '<think>plan</think>Checking.\n<tool_call>\n{"name": "get_order", "arguments": {"id": 9007199254740993}}\n</tool_call>',
    );
    const check = await checkWithBoxSglang(withSglang().target, SCRIPT, input);
    if (check.kind !== 'verdict') throw new Error(check.message);
    expect(check.verdict.version).toBe('0.5.23');
    expect(check.verdict.calls).toEqual([{ name: 'get_order', arguments: '{"id": 9007199254740993}' }]);
    expect(compareWithSglang(ours(input, '0.5.23'), check.verdict)).toEqual([]);
  });

  it('answers the same when the check can be cancelled: the turn reaches the box in a temp file, removed after', async () => {
    const input = turn('Checking.\n<tool_call>\n{"name": "get_order", "arguments": {"id": 7}}\n</tool_call>');
    const check = await checkWithBoxSglang(withTmp().target, SCRIPT, input, new AbortController().signal);
    if (check.kind !== 'verdict') throw new Error(check.message);
    expect(check).toEqual(await checkWithBoxSglang(withTmp().target, SCRIPT, input));
    expect(readdirSync(boxTmp)).toEqual([]);
  });

  it('marks every difference from a verdict read under another release', async () => {
    const input = turn('Checking.\n<tool_call>\n{bad json}\n</tool_call>');
    const check = await checkWithBoxSglang(withSglang().target, SCRIPT, input);
    if (check.kind !== 'verdict') throw new Error(check.message);
    expect(compareWithSglang(ours(input, '0.5.23'), check.verdict)).toEqual([]);
    // 0.5.15.post1 kept the whole text; the box's 0.5.23 keeps only the text before the broken call.
    expect(compareWithSglang(ours(input, '0.5.15.post1'), check.verdict)).toEqual([
      { field: 'content', ours: input.text, theirs: 'Checking.' },
    ]);
  });

  it("sets the box release's answer beside ours read like that release, whatever release the turn was shown under", async () => {
    const text = 'Checking.\n<tool_call>\n{bad json}\n</tool_call>';
    const check = await checkTurnOnBox(withSglang().target, 'gpu-box', SCRIPT, {
      text,
      tools: toolsFromJson(TOOLS),
      profile: parseProfile({ sglang: '0.5.15.post1' }),
    });
    if (check.kind !== 'report') throw new Error(check.message);
    expect(check.report).toMatchObject({
      box: 'gpu-box',
      release: '0.5.23',
      ourRelease: '0.5.23',
      shownRelease: '0.5.15.post1',
      parser: 'qwen25',
      reasoningParser: 'qwen3',
      forceReasoning: false,
      ours: { content: 'Checking.', reasoning: null, calls: [] },
      // SGLang's reasoning parser answers '' where the engine says null: both are no reasoning_content.
      theirs: { content: 'Checking.', reasoning: '', calls: [] },
      differences: [],
      notes: [],
    });
  });

  it('offers SGLang the call names of a turn whose record lists no tools, and marks what differs', async () => {
    // </think> alone: the template opened <think>, so force_reasoning goes to SGLang on.
    const text =
      'plan</think>\n<tool_call>\n{"name": "lookup", "arguments": {"n": 9007199254740993}}\n</tool_call>';
    const check = await checkTurnOnBox(withSglang().target, 'gpu-box', SCRIPT, {
      text,
      tools: undefined,
      profile: parseProfile({}),
    });
    if (check.kind !== 'report') throw new Error(check.message);
    const { report } = check;
    expect(report.forceReasoning).toBe(true);
    expect(report.notes).toEqual([
      'The record lists no tools: SGLang was offered the names in the turn (lookup) with no argument schemas.',
    ]);
    expect(report.theirs).toEqual({
      content: '',
      reasoning: 'plan',
      calls: [{ name: 'lookup', arguments: '{"n": 9007199254740993}' }],
    });
    expect(report.differences).toEqual([]);
  });

  it('says when the release has no such parser', async () => {
    const check = await checkWithBoxSglang(
      withSglang().target,
      SCRIPT,
      turn('<tool_call>x</tool_call>', 'qwen9'),
    );
    expect(check).toEqual({
      kind: 'problem',
      message: expect.stringMatching(
        /SGLang 0\.5\.23 on the box cannot read this turn: this release has no qwen9 tool-call parser/,
      ),
    });
  });

  it('says when sglang is installed but its parsers fail to import, with the error', async () => {
    const check = await checkWithBoxSglang(withoutDeps().target, SCRIPT, turn('hi'));
    expect(check).toEqual({
      kind: 'problem',
      message: expect.stringMatching(
        /SGLang 0\.5\.23 is installed but its parsers fail to import: ModuleNotFoundError: No module named '(pydantic|openai|orjson|partial_json_parser|msgspec)'/,
      ),
    });
  });

  it("says when the box's python3 has no sglang", async () => {
    const check = await checkWithBoxSglang(without().target, SCRIPT, turn('hi'));
    expect(check).toEqual({
      kind: 'problem',
      message: expect.stringMatching(
        /^SGLang is not installed for the box's python3 \(.*python3.* cannot import sglang\)\. Install sglang there/,
      ),
    });
  });
});

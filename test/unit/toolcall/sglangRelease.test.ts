import { describe, expect, it } from 'vitest';
import { serverProfile } from '../../../src/core/replay/serverProfile';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { parseProfile } from '../../../src/core/toolcall/profile';
import {
  hasChange,
  NEWEST_SGLANG,
  sglangRelease,
  sglangReleaseNote,
  withInstalledSglang,
} from '../../../src/core/toolcall/sglangRelease';
import type { Profile } from '../../../src/core/toolcall/types';

describe('SGLang releases', () => {
  it('reads release numbers as pip and the box probe print them', () => {
    expect(sglangRelease(undefined)).toEqual({ version: NEWEST_SGLANG, newerThanKnown: false });
    expect(sglangRelease('v0.5.15.post1')).toEqual({ version: '0.5.15.post1', newerThanKnown: false });
    expect(sglangRelease('0.5.24.dev3+g1234abc').newerThanKnown).toBe(true);
    expect(sglangRelease('0.6.0').newerThanKnown).toBe(true);
    expect(sglangRelease('main').version).toBe('main');
    expect(() => sglangRelease('latest')).toThrow(/not a release number/);
  });

  it('applies each change from the release that made it, and main-only changes only to main', () => {
    expect(hasChange('0.5.15', 'noCallKeepsNormalText')).toBe(false);
    expect(hasChange('0.5.15.post1', 'noCallKeepsNormalText')).toBe(false);
    expect(hasChange('0.5.16', 'noCallKeepsNormalText')).toBe(true);
    expect(hasChange('0.5.16rc1', 'noCallKeepsNormalText')).toBe(false);
    expect(hasChange('0.5.10.post1', 'finishRestoredOnRaise')).toBe(false);
    expect(hasChange('0.5.11', 'finishRestoredOnRaise')).toBe(true);
    expect(hasChange(undefined, 'coderBranchProperties')).toBe(true);
    expect(hasChange('0.6.0', 'qwen25SkipsNonObjects')).toBe(false);
    expect(hasChange('main', 'qwen25SkipsNonObjects')).toBe(true);
  });

  it("reads turns like the box's installed SGLang unless the settings pin a release", () => {
    const base = parseProfile({});
    expect(withInstalledSglang(base, '0.5.9').sglang).toBe('0.5.9');
    expect(withInstalledSglang(base, null)).toBe(base);
    expect(withInstalledSglang(base, 'unknown')).toBe(base);
    expect(withInstalledSglang(parseProfile({ sglang: '0.5.15.post1' }), '0.5.9').sglang).toBe(
      '0.5.15.post1',
    );
  });

  it("a replayed turn is read like the server's own release from /server_info", () => {
    const run: Profile = parseProfile({});
    const { profile } = serverProfile(
      { toolCallParser: 'qwen', reasoningParser: 'qwen3', version: '0.5.9' },
      run,
    );
    expect(profile.sglang).toBe('0.5.9');
  });

  it('a release newer than any known is read like the newest, and the verdict says so', () => {
    expect(sglangReleaseNote('0.5.15.post1')).toBeUndefined();
    const profile = parseProfile({ parser: 'qwen25', reasoningParser: 'none', sglang: '0.6.1' });
    const broken = analyzeTurn('<tool_call>\n{bad}\n</tool_call>', { profile, tools: [] });
    const clean = analyzeTurn('Hello.', { profile });
    for (const { verdict } of [broken, clean]) {
      expect(verdict.sglangNote).toMatch(/SGLang 0\.6\.1 is newer than any release .*read like 0\.5\.23/);
    }
  });

  it('a turn with a broken call keeps the text before it from 0.5.16 on, and the whole text before', () => {
    const text = 'Checking.\n<tool_call>\n{bad json}\n</tool_call>';
    const tools = [{ name: 'f' }];
    const read = (sglang: string) =>
      analyzeTurn(text, { profile: parseProfile({ reasoningParser: 'none', sglang }), tools }).verdict;
    expect(read('0.5.16')).toMatchObject({ content: 'Checking.', finishReason: 'stop', calls: [] });
    expect(read('0.5.15.post1')).toMatchObject({ content: text, finishReason: 'tool_calls', calls: [] });
  });

  it('before 0.5.11 a parser that raises still leaves finish_reason tool_calls', () => {
    const text = '<tool_call>\n[1, 2]\n</tool_call>';
    const tools = [{ name: 'f' }];
    const read = (sglang: string) =>
      analyzeTurn(text, { profile: parseProfile({ reasoningParser: 'none', sglang }), tools }).verdict;
    expect(read('0.5.10.post1')).toMatchObject({ content: text, finishReason: 'tool_calls' });
    expect(read('0.5.11')).toMatchObject({ content: text, finishReason: 'stop' });
  });
});

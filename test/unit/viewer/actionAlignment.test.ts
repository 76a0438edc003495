import { describe, expect, it } from 'vitest';
import { creditMap } from '../../../src/core/trajectory/creditMap';
import type { Tau2RewardInfo } from '../../../src/core/trajectory/rewardInfo';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import type { Turn } from '../../../src/core/trajectory/turn';
import { alignActions } from '../../../webview/viewer/actionAlignment';

const assistant = (...calls: [string, Record<string, unknown>][]): Turn => ({
  role: 'assistant',
  text: '',
  toolCalls: calls.map(([name, args]) => ({ name, arguments: args })),
});
const tool: Turn = { role: 'tool', text: 'ok', toolCalls: [] };
const check = (name: string, args: Record<string, unknown>, match: boolean) => ({
  action: { action_id: name, requestor: 'assistant', name, arguments: args },
  action_match: match,
  action_reward: match ? 1 : 0,
});

describe('expected actions beside the agent calls', () => {
  it('says a call the agent made and SGLang dropped was dropped by the parser, not missing', () => {
    const analyzer = profileAnalyzer(parseProfile({}));
    const raw = (text: string): Turn => {
      const analysis = analyzer(text, {});
      return {
        role: 'assistant',
        text,
        toolCalls: analysis.verdict.calls.map((c) => ({ name: c.name, arguments: c.arguments })),
        analysis,
      };
    };
    const turns = [
      raw('<tool_call>\n{"name": "find_user", "arguments": {"id": "u1"}}\n</tool_call>'),
      tool,
      // A trailing comma: SGLang's qwen25 parser skips the block, so the call never reaches tau2.
      raw('<tool_call>\n{"name": "cancel_order", "arguments": {"id": "o1",}}\n</tool_call>'),
    ];
    const info = {
      reward_basis: ['ACTION'],
      action_checks: [
        check('find_user', { id: 'u1' }, true),
        check('cancel_order', { id: 'o1' }, false),
        check('refund', { id: 'o1' }, false),
      ],
    } as unknown as Tau2RewardInfo;
    const rows = alignActions(turns, creditMap(turns, info));
    expect(rows.map((r) => r.status)).toEqual(['matched', 'dropped', 'missing']);
    expect(rows[1]).toMatchObject({ turn: 2, expected: { label: 'cancel_order({"id":"o1"})' } });
  });

  it('pairs matched calls, keeps missing ones in task order and marks extra and conversation calls', () => {
    const turns = [
      assistant(['find_user', { id: 'u1' }]),
      tool,
      assistant(['get_order', { id: 'o9' }]),
      tool,
      assistant(['get_order', { id: 'o1' }]),
      tool,
      assistant(['respond', { content: 'done it' }]),
    ];
    const info = {
      reward_basis: ['ACTION'],
      action_checks: [
        check('find_user', { id: 'u1' }, true),
        check('get_order', { id: 'o1' }, true),
        check('cancel_order', { id: 'o1' }, false),
      ],
    } as unknown as Tau2RewardInfo;
    const rows = alignActions(turns, creditMap(turns, info));
    expect(rows.map((r) => [r.status, 'actual' in r ? r.actual.turn : null])).toEqual([
      ['matched', 0],
      ['extra', 2],
      ['matched', 4],
      ['conversation', 6],
      ['missing', null],
    ]);
    expect(rows[4]).toMatchObject({ expected: { label: 'cancel_order({"id":"o1"})', gates: true } });
  });

  it('shows a missing action before the call of a later expected action', () => {
    const turns = [assistant(['b', {}]), tool];
    const info = {
      reward_basis: ['ACTION'],
      action_checks: [check('a', {}, false), check('b', {}, true)],
    } as unknown as Tau2RewardInfo;
    expect(alignActions(turns, creditMap(turns, info)).map((r) => r.status)).toEqual(['missing', 'matched']);
  });

  it('lists both expected actions that one call meets', () => {
    const turns = [assistant(['a', { x: 1 }])];
    const info = {
      reward_basis: ['ACTION'],
      action_checks: [check('a', { x: 1 }, true), check('a', { x: 1 }, true)],
    } as unknown as Tau2RewardInfo;
    const rows = alignActions(turns, creditMap(turns, info));
    expect(rows.map((r) => r.status)).toEqual(['matched', 'matched']);
  });
});

import { describe, expect, it } from 'vitest';
import { creditMap } from '../../../src/core/trajectory/creditMap';
import type { Tau2RewardInfo } from '../../../src/core/trajectory/rewardInfo';
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

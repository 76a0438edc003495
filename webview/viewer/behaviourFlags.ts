import type { BehaviourFlag } from '../../src/core/metrics/behaviourScan';

/** Each scanner flag's short badge text and what it means (panel rows, table badges, tooltips). */
export const FLAG_INFO: Record<BehaviourFlag, { badge: string; label: string; title: string }> = {
  loop: {
    badge: 'loop',
    label: 'Repeated identical tool calls',
    title: 'The same tool called 3 or more times in a row with the same arguments',
  },
  'early-done': {
    badge: 'done first',
    label: 'done before any tool call',
    title: 'The episode was ended (done) before any other tool call',
  },
  'length-limit': {
    badge: 'at limit',
    label: 'At the length limit',
    title: 'The response was cut by the length limit (status truncated)',
  },
  'empty-response': {
    badge: 'empty',
    label: 'Empty responses',
    title: 'An assistant turn with no text and no tool call',
  },
  'error-burst': {
    badge: 'error burst',
    label: 'Bursts of tool-call errors',
    title: '3 or more failed tool results or malformed calls in a row',
  },
};

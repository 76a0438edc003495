// The phases a step's time is split into and their labels, named alike by the CLI, the host and the
// viewer's timeline (see core/runspec/stepTimeline.ts for where each phase's time comes from).

export const TIMELINE_PHASES = [
  'generation',
  'waiting',
  'logProbs',
  'actorTrain',
  'otherTrain',
  'updateWeights',
  'save',
  'offload',
] as const;
export type TimelinePhase = (typeof TIMELINE_PHASES)[number];

export const PHASE_LABELS: Record<TimelinePhase, string> = {
  generation: 'rollout generation',
  waiting: 'waiting (eval, scheduling, other)',
  logProbs: 'log-probs',
  actorTrain: 'actor train',
  otherTrain: 'other training (data, ref update)',
  updateWeights: 'weight update',
  save: 'save checkpoint',
  offload: 'offload / reload',
};

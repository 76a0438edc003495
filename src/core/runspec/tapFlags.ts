// The flags that load the tap into slime (media/tap/rollout_studio_tap.py; reference/slime.md 2.3). The
// module is importable because the launch puts the run directory on PYTHONPATH.
export const TAP_MODULE = 'rollout_studio_tap';

export const TAP_FLAGS: Readonly<Record<string, string>> = {
  '--rollout-sample-hook-path': `${TAP_MODULE}.sample_hook`,
  '--custom-rollout-log-function-path': `${TAP_MODULE}.log_rollout`,
  '--custom-eval-rollout-log-function-path': `${TAP_MODULE}.log_eval_rollout`,
};

import * as vscode from 'vscode';
import type { RunValue } from './runValues';

/** A Start GRPO Run row's label and help, in the user's language; by its flag (the workdir has none). */
export function runValueText(v: RunValue): { label: string; help: string } {
  switch (v.flag) {
    case undefined:
      return {
        label: vscode.l10n.t('slime checkout (workdir)'),
        help: vscode.l10n.t('The slime checkout on the box; the entry runs from here.'),
      };
    case '--hf-checkpoint':
      return { label: vscode.l10n.t('HF checkpoint'), help: vscode.l10n.t('Tokenizer and SGLang weights.') };
    case '--ref-load':
      return {
        label: vscode.l10n.t('Reference model'),
        help: vscode.l10n.t('Megatron torch_dist checkpoint of the reference.'),
      };
    case '--prompt-data':
      return { label: vscode.l10n.t('Prompt data'), help: vscode.l10n.t('jsonl or parquet of prompts.') };
    case '--rollout-batch-size':
      return {
        label: vscode.l10n.t('Rollout batch size'),
        help: vscode.l10n.t('Prompts per rollout (required).'),
      };
    case '--n-samples-per-prompt':
      return { label: vscode.l10n.t('Samples per prompt'), help: vscode.l10n.t('Group size for GRPO.') };
    case '--global-batch-size':
      return {
        label: vscode.l10n.t('Global batch size'),
        help: vscode.l10n.t('Samples per optimizer step.'),
      };
    case '--num-rollout':
      return { label: vscode.l10n.t('Number of rollouts'), help: vscode.l10n.t('Steps of the run.') };
    case '--rollout-temperature':
      return { label: vscode.l10n.t('Temperature'), help: vscode.l10n.t('Must be > 0.') };
    case '--rollout-max-response-len':
      return { label: vscode.l10n.t('Max response length'), help: vscode.l10n.t('Tokens per response.') };
    case '--actor-num-gpus-per-node':
      return {
        label: vscode.l10n.t('GPUs per node'),
        help: vscode.l10n.t('Training GPUs (colocated: also rollout).'),
      };
    default:
      return { label: v.flag, help: '' };
  }
}

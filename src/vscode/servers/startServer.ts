import * as vscode from 'vscode';
import { launchServer, prepareServer } from '../../remote/servers/launchServer';
import { onFreePort } from '../../remote/servers/onFreePort';
import type { ServerLaunch } from '../../remote/servers/launchServer';
import { ServerSpecSchema } from '../../remote/servers/serverSpec';
import type { ServerSpec } from '../../remote/servers/serverSpec';
import type { BoxSession } from '../boxes/boxSession';
import { pickBox } from '../runs/pickBox';
import { askAnotherPort, askPort } from './askPort';

const TITLE = vscode.l10n.t('Start SGLang Server');
// Qwen3 (hybrid thinking) wants qwen25 + qwen3 (reference/sglang.md 1); qwen25 is the value every
// release slime pins accepts, `qwen` only 0.5.3+.
const TOOL_CALL_PARSERS = [
  {
    label: 'qwen25',
    description: vscode.l10n.t('Qwen2.5 / Qwen3 JSON in <tool_call>; portable across releases'),
  },
  { label: 'qwen', description: vscode.l10n.t('the same detector, name of 0.5.3+') },
  { label: 'qwen3_coder', description: vscode.l10n.t('Qwen3-Coder / Qwen3.5 XML format') },
  { label: 'hermes', description: vscode.l10n.t('Hermes format (2026-01+)') },
  { label: 'none', description: vscode.l10n.t('no tool-call parsing: tool calls stay in content') },
];
const REASONING_PARSERS = [
  { label: 'qwen3', description: vscode.l10n.t('Qwen3 hybrid thinking: <think> when present') },
  { label: 'qwen3-thinking', description: vscode.l10n.t('Qwen3 -Thinking-2507: reasoning until </think>') },
  { label: 'none', description: vscode.l10n.t('no reasoning parser (-Instruct-2507)') },
];

export interface StartServerDeps {
  boxes: () => readonly BoxSession[];
  serversRoot: () => string;
  log: vscode.LogOutputChannel;
  started: (box: BoxSession, launch: ServerLaunch, spec: ServerSpec) => void;
}

/** A server for a known model on a known box (a checkpoint's Hugging Face export). */
export interface ServerPrefill {
  box: BoxSession;
  modelPath: string;
}

/** Role, model path, port, TP, memory fraction, parsers → port check → launch detached. */
export async function startSglangServer(deps: StartServerDeps, prefill?: ServerPrefill): Promise<void> {
  const box = prefill?.box ?? (await pickBox(deps.boxes(), TITLE));
  const target = box?.target;
  if (!box || !target) return;
  const role = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Policy'),
        description: vscode.l10n.t('the model being trained or evaluated'),
        role: 'policy' as const,
      },
      {
        label: vscode.l10n.t('User simulator'),
        description: vscode.l10n.t('the model playing the tau2 user'),
        role: 'user-simulator' as const,
      },
    ],
    { title: vscode.l10n.t('{0}: role', TITLE), ignoreFocusOut: true },
  );
  if (!role) return;
  const modelPath = await ask(
    vscode.l10n.t('Model path'),
    vscode.l10n.t('A checkpoint directory on the box or a Hugging Face id (--model-path)'),
    prefill?.modelPath ?? '',
    (v) => (v.trim() === '' ? vscode.l10n.t('Required') : undefined),
  );
  if (!modelPath) return;
  const port = await askPort(
    TITLE,
    vscode.l10n.t('HTTP port on the box (--port); checked before launch'),
    30000,
  );
  if (port === undefined) return;
  const tpSize = await askNumber(
    vscode.l10n.t('Tensor parallel size'),
    vscode.l10n.t('GPUs for this server (--tp-size)'),
    '1',
    1,
    64,
  );
  if (tpSize === undefined) return;
  const mem = await ask(
    vscode.l10n.t('Memory fraction'),
    vscode.l10n.t(
      'Fraction of GPU memory for weights + KV cache (--mem-fraction-static); empty = SGLang decides',
    ),
    '',
    (v) =>
      v.trim() === '' || (Number(v) > 0 && Number(v) < 1)
        ? undefined
        : vscode.l10n.t('A number between 0 and 1, or empty'),
  );
  if (mem === undefined) return;
  const tool = await vscode.window.showQuickPick(TOOL_CALL_PARSERS, {
    title: vscode.l10n.t('{0}: tool-call parser', TITLE),
    ignoreFocusOut: true,
  });
  if (!tool) return;
  const reasoning = await vscode.window.showQuickPick(REASONING_PARSERS, {
    title: vscode.l10n.t('{0}: reasoning parser', TITLE),
    ignoreFocusOut: true,
  });
  if (!reasoning) return;
  const base = modelPath.trim().replace(/\/+$/, '').split('/').pop() ?? 'model';
  const launch = async (port: number) => {
    const spec = ServerSpecSchema.parse({
      // The model first: the Servers view is narrow, and the state follows the name.
      name: `${base} (${role.role === 'policy' ? 'policy' : 'user sim'})`,
      role: role.role,
      modelPath: modelPath.trim(),
      port,
      tpSize,
      ...(mem.trim() !== '' ? { memFractionStatic: Number(mem) } : {}),
      ...(tool.label !== 'none' ? { toolCallParser: tool.label } : {}),
      ...(reasoning.label !== 'none' ? { reasoningParser: reasoning.label } : {}),
      serversRoot: deps.serversRoot(),
    });
    const launched = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Starting {0} on {1}…', spec.name, box.label),
      },
      () => launchServer(target, prepareServer(spec, __ROLLOUT_STUDIO_VERSION__)),
    );
    return { spec, launched };
  };
  try {
    const started = await onFreePort(port, launch, askAnotherPort(TITLE));
    if (!started) return;
    const { spec, launched } = started;
    deps.log.info(
      `started SGLang server ${launched.serverId} on ${box.alias}:${spec.port} in ${launched.dir}`,
    );
    deps.started(box, launched, spec);
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Cannot start the server on {0}: {1}', box.label, (e as Error).message),
    );
  }
}

function ask(
  title: string,
  prompt: string,
  value: string,
  validateInput: (v: string) => string | undefined,
): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `${TITLE}: ${title}`,
    prompt,
    value,
    validateInput,
    ignoreFocusOut: true,
  });
}

async function askNumber(title: string, prompt: string, value: string, min: number, max: number) {
  const text = await ask(title, prompt, value, (v) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max
      ? undefined
      : vscode.l10n.t('A whole number from {0} to {1}', min, max);
  });
  return text === undefined ? undefined : Number(text);
}

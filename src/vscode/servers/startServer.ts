import * as vscode from 'vscode';
import { PortInUseError, launchServer, prepareServer } from '../../remote/servers/launchServer';
import type { ServerLaunch } from '../../remote/servers/launchServer';
import { ServerSpecSchema } from '../../remote/servers/serverSpec';
import type { ServerSpec } from '../../remote/servers/serverSpec';
import type { BoxSession } from '../boxes/boxSession';
import { pickBox } from '../runs/pickBox';

const TITLE = 'Start SGLang Server';
// Qwen3 (hybrid thinking) wants qwen25 + qwen3 (reference/sglang.md 1); qwen25 is the value every
// release slime pins accepts, `qwen` only 0.5.3+.
const TOOL_CALL_PARSERS = [
  { label: 'qwen25', description: 'Qwen2.5 / Qwen3 JSON in <tool_call>; portable across releases' },
  { label: 'qwen', description: 'the same detector, name of 0.5.3+' },
  { label: 'qwen3_coder', description: 'Qwen3-Coder / Qwen3.5 XML format' },
  { label: 'hermes', description: 'Hermes format (2026-01+)' },
  { label: 'none', description: 'no tool-call parsing: tool calls stay in content' },
];
const REASONING_PARSERS = [
  { label: 'qwen3', description: 'Qwen3 hybrid thinking: <think> when present' },
  { label: 'qwen3-thinking', description: 'Qwen3 -Thinking-2507: reasoning until </think>' },
  { label: 'none', description: 'no reasoning parser (-Instruct-2507)' },
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
      { label: 'Policy', description: 'the model being trained or evaluated', role: 'policy' as const },
      {
        label: 'User simulator',
        description: 'the model playing the tau2 user',
        role: 'user-simulator' as const,
      },
    ],
    { title: `${TITLE}: role`, ignoreFocusOut: true },
  );
  if (!role) return;
  const modelPath = await ask(
    'Model path',
    'A checkpoint directory on the box or a Hugging Face id (--model-path)',
    prefill?.modelPath ?? '',
    (v) => (v.trim() === '' ? 'Required' : undefined),
  );
  if (!modelPath) return;
  let port = await askNumber(
    'Port',
    'HTTP port on the box (--port); checked before launch',
    '30000',
    1,
    65535,
  );
  if (port === undefined) return;
  const tpSize = await askNumber('Tensor parallel size', 'GPUs for this server (--tp-size)', '1', 1, 64);
  if (tpSize === undefined) return;
  const mem = await ask(
    'Memory fraction',
    'Fraction of GPU memory for weights + KV cache (--mem-fraction-static); empty = SGLang decides',
    '',
    (v) =>
      v.trim() === '' || (Number(v) > 0 && Number(v) < 1) ? undefined : 'A number between 0 and 1, or empty',
  );
  if (mem === undefined) return;
  const tool = await vscode.window.showQuickPick(TOOL_CALL_PARSERS, {
    title: `${TITLE}: tool-call parser`,
    ignoreFocusOut: true,
  });
  if (!tool) return;
  const reasoning = await vscode.window.showQuickPick(REASONING_PARSERS, {
    title: `${TITLE}: reasoning parser`,
    ignoreFocusOut: true,
  });
  if (!reasoning) return;
  const base = modelPath.trim().replace(/\/+$/, '').split('/').pop() ?? 'model';
  for (;;) {
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
    try {
      const launched = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Starting ${spec.name} on ${box.label}…` },
        () => launchServer(target, prepareServer(spec, __ROLLOUT_STUDIO_VERSION__)),
      );
      deps.log.info(
        `started SGLang server ${launched.serverId} on ${box.alias}:${spec.port} in ${launched.dir}`,
      );
      deps.started(box, launched, spec);
      return;
    } catch (e) {
      if (!(e instanceof PortInUseError)) {
        void vscode.window.showErrorMessage(
          `Cannot start the server on ${box.label}: ${(e as Error).message}`,
        );
        return;
      }
      const again = await vscode.window.showErrorMessage(e.message, 'Choose Another Port');
      if (!again) return;
      port = await askNumber('Port', `Port ${port} is taken on ${box.label}`, String(port + 1), 1, 65535);
      if (port === undefined) return;
    }
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
    return Number.isInteger(n) && n >= min && n <= max ? undefined : `A whole number from ${min} to ${max}`;
  });
  return text === undefined ? undefined : Number(text);
}

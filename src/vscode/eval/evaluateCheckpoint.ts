import { hfCandidates } from '../../core/eval/hfCheckpoint';
import * as vscode from 'vscode';
import {
  COOKBOOK_PASS_AT_1,
  COOKBOOK_PASS_AT_K,
  COOKBOOK_USER_SIMULATOR,
} from '../../core/eval/evalSettings';
import type { EvalSettings, UserSimulator } from '../../core/eval/evalSettings';
import { describeDecoding } from '../../core/eval/evalSettings';
import type { CheckpointRef } from '../../core/eval/evalProvenance';
import { evalSettingsLines } from './evalSummary';
import { evalStage, producerOf } from '../../core/pipeline/evalStage';
import { launchEval, prepareEval } from '../../remote/eval/launchEval';
import type { LaunchResult } from '../../remote/launch/launchRun';
import { readyServer, runningServer, type EvalServerRequest } from '../../remote/eval/evalServer';
import { findHfFolder } from '../../remote/eval/hfFolder';
import { onFreePort } from '../../remote/servers/onFreePort';
import type { Target } from '../../remote/target';
import type { BoxSession } from '../boxes/boxSession';
import { pickBox } from '../runs/pickBox';
import { askAnotherPort } from '../servers/askPort';
import { secretValues } from '../runs/startRun';
import { runKey } from '../../core/run/runKey';

const TITLE = vscode.l10n.t('Evaluate Checkpoint');
/** Loading a checkpoint into SGLang can take minutes; after this the eval is not started. */
const SERVER_READY_MS = 30 * 60_000;

/** What the checkpoint list's "Evaluate" passes; from the palette every part is asked for. */
export interface EvaluateCheckpointArgs {
  box?: string;
  runKey?: string;
  iteration?: number;
  checkpointDir?: string;
}

export interface EvaluateDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  boxes: () => readonly BoxSession[];
  runsRoot: () => string;
  serversRoot: () => string;
  /** Called with each launched eval run, to follow it until it ends and read what it wrote. */
  launched: (box: BoxSession, run: LaunchResult) => void;
}

/**
 * Evaluate a checkpoint the cookbook's way: a policy server from its Hugging Face folder, a user
 * simulator (an endpoint whose key stays in secret storage, or an SGLang server on the box), then the
 * recipe's eval.py as a run, pass@4 and/or greedy pass@1, each recording what it ran with.
 */
export async function evaluateCheckpoint(
  deps: EvaluateDeps,
  args: EvaluateCheckpointArgs = {},
): Promise<void> {
  const box = args.box
    ? deps.boxes().find((b) => (b.alias === args.box || b.label === args.box) && b.target)
    : await pickBox(deps.boxes(), TITLE);
  const target = box?.target;
  if (!box || !target) {
    if (args.box)
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Rollout Studio: {0} is not connected; connect to it first.', args.box),
      );
    return;
  }
  const runs = box.discovery?.runs ?? [];
  const typed =
    args.checkpointDir ??
    (await ask(
      vscode.l10n.t('Checkpoint'),
      vscode.l10n.t('A checkpoint folder on the box: iter_XXXXXXX or a Hugging Face folder'),
      '',
    ));
  if (!typed) return;
  const checkpointDir = typed.trim();
  // The run that saved the checkpoint: the one the Evaluate action names, else the one whose outputs hold
  // the folder typed in. The eval joins its pipeline as a stage.
  const named = runs.find((r) => runKey(box.alias, r.dir) === args.runKey);
  const produced = named ? undefined : producerOf(runs, checkpointDir);
  const run = named ?? produced?.run;
  const iteration = args.iteration ?? produced?.iteration;
  const candidates = hfCandidates(
    checkpointDir,
    iteration,
    runs.map((r) => r.record),
  );
  const hfCheckpoint = await huggingFaceFolder(target, candidates, iteration);
  if (!hfCheckpoint) return;
  const which = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('pass@4 and greedy pass@1'),
        description: vscode.l10n.t('the cookbook reports both'),
        settings: [COOKBOOK_PASS_AT_K, COOKBOOK_PASS_AT_1],
      },
      {
        label: 'pass@4',
        description: describeDecoding(COOKBOOK_PASS_AT_K.decoding),
        settings: [COOKBOOK_PASS_AT_K],
      },
      {
        label: vscode.l10n.t('pass@1 greedy'),
        description: describeDecoding(COOKBOOK_PASS_AT_1.decoding),
        settings: [COOKBOOK_PASS_AT_1],
      },
    ],
    {
      title: vscode.l10n.t('{0}: what to measure (airline, retail, telecom; test split)', TITLE),
      ignoreFocusOut: true,
    },
  );
  if (!which) return;
  const runName = run?.record.name ?? checkpointDir.split('/').filter(Boolean).at(-2) ?? 'checkpoint';
  const stage = await ask(
    vscode.l10n.t('Stage'),
    vscode.l10n.t('The row of the stage-comparison table these results belong to'),
    iteration !== undefined ? `${runName} iter ${iteration}` : runName,
  );
  if (!stage) return;
  const workdir = await ask(
    vscode.l10n.t('slime checkout'),
    vscode.l10n.t('The folder on the box holding examples/tau-bench/tau2/eval.py (THUDM/slime PR #1156)'),
    typeof run?.record.workdir === 'string' ? run.record.workdir : '',
  );
  if (!workdir) return;
  const python =
    run?.record.spec && typeof (run.record.spec as { python?: unknown }).python === 'string'
      ? (run.record.spec as { python: string }).python
      : 'python3';
  const simulator = await userSimulator(deps, box, target);
  if (!simulator) return;
  const policy = await startServer(deps, box, target, {
    name: `${hfCheckpoint.split('/').filter(Boolean).at(-1) ?? 'checkpoint'} (policy)`,
    role: 'policy',
    modelPath: hfCheckpoint,
    port: 30000,
  });
  if (!policy) return;
  const settingsList: EvalSettings[] = which.settings.map((s) => ({ ...s, userSimulator: simulator }));
  const checkpoint: CheckpointRef = {
    box: box.alias,
    ...(run ? { runKey: runKey(box.alias, run.dir) } : {}),
    ...(iteration !== undefined ? { iteration } : {}),
    checkpointDir,
    hfCheckpoint,
  };
  for (const settings of settingsList) {
    const prepared = await prepareEval(target, {
      settings,
      place: {
        name: `eval ${stage} k${settings.k}`,
        box: box.alias,
        workdir: workdir.trim(),
        python,
        runsRoot: deps.runsRoot(),
        ...(run ? { stage: evalStage(run.record, checkpoint) } : {}),
      },
      stage,
      checkpoint,
      policyUrl: `http://127.0.0.1:${policy.port}/generate`,
      toolVersion: __ROLLOUT_STUDIO_VERSION__,
    });
    const key = await secretValues(deps.context, prepared.launch.input.spec);
    if (!key) return;
    const detail = evalSettingsLines(prepared.provenance).join('\n');
    const launch = vscode.l10n.t('Launch');
    const go = await vscode.window.showInformationMessage(
      vscode.l10n.t('Launch eval "{0}" on {1}?', stage, box.label),
      { modal: true, detail },
      launch,
    );
    if (go !== launch) return;
    const launched = await launchEval(target, prepared, Object.values(key)[0]);
    deps.log.info(
      `eval ${launched.runId} of ${hfCheckpoint} on ${box.alias} (k=${settings.k}) in ${launched.runDir}`,
    );
    deps.launched(box, launched);
  }
}

/** The checkpoint's Hugging Face folder: SGLang and eval.py's tokenizer read that format only. */
async function huggingFaceFolder(
  target: Target,
  candidates: readonly string[],
  iteration: number | undefined,
): Promise<string | undefined> {
  const found = await findHfFolder(target, candidates);
  if (found) return found;
  const what =
    iteration !== undefined
      ? vscode.l10n.t('{0} at iteration {1}', String(candidates[0]), iteration)
      : String(candidates[0]);
  const hf = await ask(
    vscode.l10n.t('Hugging Face folder'),
    vscode.l10n.t(
      '{0} has no Hugging Face export (no config.json). SGLang serves Hugging Face folders: convert the checkpoint first (its Convert to Hugging Face Format action), then give the converted folder.',
      what,
    ),
    candidates[1] ?? '',
  );
  if (!hf) return undefined;
  const folder = hf.trim().replace(/\/+$/, '');
  if (await target.stat(`${folder}/config.json`)) return folder;
  void vscode.window.showErrorMessage(
    vscode.l10n.t('Rollout Studio: {0} on {1} has no config.json either.', folder, target.label),
  );
  return undefined;
}

async function userSimulator(
  deps: EvaluateDeps,
  box: BoxSession,
  target: Target,
): Promise<UserSimulator | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('OpenAI-compatible endpoint'),
        description: vscode.l10n.t(
          "{0}, the cookbook's; key kept in secret storage",
          COOKBOOK_USER_SIMULATOR.model,
        ),
        sim: 'endpoint' as const,
      },
      {
        label: vscode.l10n.t('SGLang server on the box'),
        description: vscode.l10n.t('no external API key (start_user_sim_server.sh: port 30001)'),
        sim: 'sglang' as const,
      },
    ],
    { title: vscode.l10n.t('{0}: user simulator', TITLE), ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  const temperature = Number(
    await ask(
      vscode.l10n.t('User simulator temperature'),
      vscode.l10n.t('TAU2_USER_TEMPERATURE; 0.7 in the cookbook'),
      '0.7',
    ),
  );
  if (!Number.isFinite(temperature) || temperature < 0) return undefined;
  if (kind.sim === 'endpoint') {
    const model = await ask(
      vscode.l10n.t('User simulator model'),
      vscode.l10n.t('As litellm names it (--user-model)'),
      COOKBOOK_USER_SIMULATOR.model,
    );
    if (!model) return undefined;
    const baseUrl = await vscode.window.showInputBox({
      title: vscode.l10n.t('{0}: endpoint base URL', TITLE),
      prompt: vscode.l10n.t(
        "The OpenAI-compatible API's base URL as the box reaches it (…/v1); empty for OpenAI's own",
      ),
      ignoreFocusOut: true,
    });
    if (baseUrl === undefined) return undefined;
    return {
      kind: 'endpoint',
      model,
      temperature,
      keyEnv: 'OPENAI_API_KEY',
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    };
  }
  const modelPath = await ask(
    vscode.l10n.t('User simulator model'),
    vscode.l10n.t('A model folder on the box or a Hugging Face id'),
    'Qwen/Qwen3-4B-Instruct-2507',
  );
  if (!modelPath) return undefined;
  const server = await startServer(deps, box, target, {
    name: `${modelPath.split('/').filter(Boolean).at(-1) ?? 'model'} (user sim)`,
    role: 'user-simulator',
    modelPath,
    port: 30001,
  });
  if (!server) return undefined;
  return {
    kind: 'sglang',
    // An SGLang server serves its model under its --model-path; eval.py reaches it through litellm's openai/.
    model: `openai/${modelPath}`,
    temperature,
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
  };
}

/** The server for a model (evalServer's rule), with progress; a busy port asks for another. */
async function startServer(
  deps: EvaluateDeps,
  box: BoxSession,
  target: Target,
  request: EvalServerRequest,
): Promise<{ port: number } | undefined> {
  const running = await runningServer(target, deps.serversRoot(), request.role, request.modelPath);
  const start = (port: number) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: running
          ? vscode.l10n.t('Waiting for {0} on {1}…', running.record.name, box.label)
          : vscode.l10n.t('Starting {0} on {1}…', request.name, box.label),
        cancellable: true,
      },
      async (_progress, cancel) => {
        const abort = new AbortController();
        cancel.onCancellationRequested(() => abort.abort());
        const server = await readyServer(
          target,
          deps.serversRoot(),
          { ...request, port },
          {
            toolVersion: __ROLLOUT_STUDIO_VERSION__,
            timeoutMs: SERVER_READY_MS,
            signal: abort.signal,
            ...(running ? { running } : {}),
          },
        );
        if (server.started)
          deps.log.info(`started SGLang server ${server.dir} on ${box.alias}:${server.port} for an eval`);
        return { port: server.port };
      },
    );
  try {
    return await onFreePort(request.port, start, askAnotherPort(TITLE));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Rollout Studio: {0}', (e as Error).message));
    return undefined;
  }
}

function ask(title: string, prompt: string, value: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `${TITLE}: ${title}`,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Required') : undefined),
  });
}

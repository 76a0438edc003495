import * as vscode from 'vscode';
import type { FlagTable } from '../../core/runspec/flagTable';
import { STAGE_LABELS } from '../../core/pipeline/stage';
import { HelpFlagCache } from '../../core/runspec/helpFlagCache';
import { lateRules } from '../../core/runspec/lateRules';
import { lintSpec } from '../../core/runspec/lintSpec';
import { RunSpecSchema } from '../../core/runspec/runSpec';
import type { RunSpec, RunSpecInput } from '../../core/runspec/runSpec';
import { describeIssues } from '../../core/run/runFiles';
import type { SpecFinding } from '../../core/runspec/specFinding';
import { boxHelpTable, describeFlagSource } from '../../remote/launch/boxHelpFlags';
import type { BoxHelp } from '../../remote/launch/boxHelpFlags';
import { boxReadiness } from '../../remote/launch/boxReadiness';
import { launchRun, prepareLaunch } from '../../remote/launch/launchRun';
import { checkRayFit } from '../../remote/launch/rayFitCheck';
import type { LaunchResult } from '../../remote/launch/launchRun';
import type { Target } from '../../remote/target';
import type { BoxSession } from '../boxes/boxSession';
import type { RecordDocuments } from '../recordDocuments';
import { pickBox } from './pickBox';
import { pickRunSource } from './pickRunSource';
import { clearReview, reviewLaunch } from './reviewLaunch';
import {
  editEnv,
  editFlags,
  editRay,
  editSecrets,
  envDescription,
  flagsDescription,
  rayDescription,
  secretKey,
  secretsDescription,
} from './editSpecParts';
import { RUN_VALUES, findingsFor, getValue, setValue, typedValueProblem } from './runValues';
import type { RunValue } from './runValues';
import { runValueText } from './runValueText';

export interface StartRunDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  records: RecordDocuments;
  boxes: () => readonly BoxSession[];
  runsRoot: () => string;
  launched: (box: BoxSession, result: LaunchResult, spec: RunSpec) => Promise<void>;
}

const TITLE = vscode.l10n.t('Start GRPO Run');
/** The wizard says what it starts: a pipeline stage by its kind (an SFT stage is not a GRPO run). */
const wizardTitle = (spec: RunSpecInput) =>
  spec.stage ? vscode.l10n.t('Start {0} Stage', STAGE_LABELS[spec.stage.kind]) : TITLE;

/** A run started with its box and spec already chosen: a pipeline stage whose inputs are filled. */
export interface PrefilledRun {
  box: BoxSession;
  spec: RunSpecInput;
  /** Where the spec came from, shown in the wizard's title. */
  origin: string;
  /** More findings for the review, read on the box (an SFT stage's dataset lint). */
  findings?: (target: Target, spec: RunSpec) => Promise<SpecFinding[]>;
}
// `--help` of a workdir's entry per checkout (helpFlagCache.ts), kept in global storage so a restart
// does not ask the box again until its commit changes.
const HELP_CACHE_KEY = 'rolloutStudio.helpFlagCache';
let helpCache: HelpFlagCache | undefined;

/**
 * Box → preset, spec file or imported script → the values that matter → review → launch. A prefilled
 * run skips the first two: the next stage of a pipeline arrives with its box and inputs.
 */
export async function startGrpoRun(deps: StartRunDeps, prefilled?: PrefilledRun): Promise<void> {
  const box = prefilled?.box ?? (await pickBox(deps.boxes(), TITLE));
  const target = box?.target;
  if (!box || !target) return;
  const source = prefilled
    ? { spec: prefilled.spec, origin: prefilled.origin, notes: [] as string[] }
    : await pickRunSource();
  if (!source) return;
  const original: RunSpecInput = {
    ...source.spec,
    box: box.alias,
    runsRoot: source.spec.runsRoot ?? deps.runsRoot(),
  };
  let input = original;
  // The last review's findings, marked on the rows they are about when the user goes back to edit.
  let reviewed: SpecFinding[] = [];
  for (;;) {
    const edited = await editValues(input, target, source.origin, reviewed, {
      boxLabel: box.label,
      secrets: deps.context.secrets,
      flagTable: async (s) =>
        (
          await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: vscode.l10n.t('Reading the flags of {0} on {1}…', s.entry ?? 'train.py', box.label),
            },
            () => readHelp(deps.context, target, box.alias, s),
          )
        ).table,
    });
    if (edited.cancelled) {
      clearReview();
      if (JSON.stringify(edited.spec) !== JSON.stringify(original)) await offerToSave(edited.spec);
      return;
    }
    input = edited.spec;
    const parsed = RunSpecSchema.safeParse(input);
    if (!parsed.success) {
      const again = await vscode.window.showErrorMessage(
        vscode.l10n.t('The run spec is not valid: {0}', describeIssues(parsed.error)),
        { modal: true },
        vscode.l10n.t('Edit Values'),
      );
      if (again) continue;
      return;
    }
    const spec = parsed.data;
    const help = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Reading {0} --help on {1}…', spec.entry, box.label),
      },
      () => readHelp(deps.context, target, box.alias, spec),
    );
    const helpTable = help.table;
    const fit =
      spec.ray.mode === 'cluster'
        ? await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: vscode.l10n.t(
                'Reading the resources of the Ray cluster at {0}…',
                String(spec.ray.address),
              ),
            },
            () => checkRayFit(target, spec),
          )
        : await checkRayFit(target, spec);
    const findings = [
      ...(await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t("Checking {0} for the run's paths, packages and GPUs…", box.label),
        },
        () => boxReadiness(target, spec, box.label),
      )),
      ...lintSpec(spec, helpTable ? { helpTable } : {}),
      ...fit,
      ...source.notes.map(importNote),
      ...(prefilled?.findings ? await prefilled.findings(target, spec) : []),
    ];
    reviewed = findings;
    const prepared = prepareLaunch(spec, __ROLLOUT_STUDIO_VERSION__);
    const uri = await deps.records.show(`${prepared.input.id}/launch.sh`, prepared.script, 'shellscript');
    const decision = await reviewLaunch(
      spec,
      { uri, text: prepared.script },
      findings,
      describeFlagSource(help, spec.entry, box.label),
      box.label,
    );
    if (decision === 'edit') continue;
    if (decision === 'save') await saveRunSpec(input);
    if (decision !== 'launch') return;
    const secrets = await secretValues(deps.context, spec);
    if (!secrets) return;
    const tapSource = spec.tap
      ? new TextDecoder().decode(
          await vscode.workspace.fs.readFile(
            vscode.Uri.joinPath(deps.context.extensionUri, 'media', 'tap', 'rollout_studio_tap.py'),
          ),
        )
      : undefined;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Launching {0} on {1}…', spec.name, box.label),
        },
        () => launchRun(target, prepared, { ...(tapSource ? { tapSource } : {}), secrets }),
      );
      deps.log.info(`launched run ${result.runId} on ${box.alias} (pid ${result.pid}) in ${result.runDir}`);
      await deps.launched(box, result, spec);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Cannot launch {0} on {1}: {2}', spec.name, box.label, (e as Error).message),
      );
    }
    return;
  }
}

/** Leaving the wizard with edits: keep them as a run spec file rather than lose them. */
async function offerToSave(spec: RunSpecInput): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Keep your edits to {0}?', spec.name),
    {
      modal: true,
      detail: vscode.l10n.t('A run spec file under .rollout-studio/ starts the wizard from them next time.'),
    },
    vscode.l10n.t('Save as Run Spec…'),
  );
  if (choice) await saveRunSpec(spec);
}

async function saveRunSpec(spec: RunSpecInput): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = `${spec.name.replace(/[^\w.-]+/g, '-')}.json`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save as Run Spec'),
    filters: { [vscode.l10n.t('Run spec')]: ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, '.rollout-studio', file) } : {}),
  });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(spec, null, 2)}\n`));
  await vscode.window.showTextDocument(uri);
}

const importNote = (message: string): SpecFinding => ({ code: 'RS304', severity: 'info', message });

interface EditDeps {
  /** What the user calls the box ("This machine" for the local one). */
  boxLabel: string;
  secrets: vscode.SecretStorage;
  /** The box's --help table for the spec's checkout, undefined when it cannot be read. */
  flagTable: (spec: RunSpecInput) => Promise<FlagTable | undefined>;
}

type Part = 'ray' | 'env' | 'secrets' | 'flags';

/**
 * A list of the values that matter with their current values, then the Ray mode, the environment,
 * secret names and every flag; picking one edits it. A row whose value broke a rule at the last review
 * (and is unchanged since) or breaks one of slime's rules now is marked with the message.
 */
async function editValues(
  input: RunSpecInput,
  target: Target,
  origin: string,
  reviewed: readonly SpecFinding[],
  deps: EditDeps,
): Promise<{ spec: RunSpecInput; cancelled: boolean }> {
  let spec = input;
  const missing = await missingPaths(spec, target);
  const rowFindings = (v: RunValue) => {
    const live = findingsFor(
      v,
      lateRules({ args: spec.args ?? {}, entry: spec.entry ?? 'train.py' }).filter(
        (f) => f.severity === 'error',
      ),
    );
    const unchanged = getValue(spec, v) === getValue(input, v);
    const fromReview = unchanged ? findingsFor(v, reviewed).filter((f) => f.severity !== 'info') : [];
    return [...live, ...fromReview.filter((f) => !live.some((l) => l.code === f.code))];
  };
  for (;;) {
    type Item = vscode.QuickPickItem & { value?: RunValue; review?: true; rename?: true; part?: Part };
    const items: Item[] = [
      {
        label: vscode.l10n.t('$(check) Review launch script'),
        detail: vscode.l10n.t('See the exact launch.sh and the lint, then launch'),
        review: true,
      },
      { label: vscode.l10n.t('Name'), description: spec.name, rename: true },
      ...RUN_VALUES.map((v) => {
        const current = getValue(spec, v);
        const gone = v.path && current !== undefined && missing.has(current);
        const [finding] = rowFindings(v);
        const icon = finding?.severity === 'error' ? '$(error) ' : finding || gone ? '$(warning) ' : '';
        const { label, help } = runValueText(v);
        return {
          label: `${icon}${label}`,
          description: current ?? vscode.l10n.t('(not set)'),
          detail: finding
            ? `${finding.code} ${finding.message}`
            : gone
              ? vscode.l10n.t('Not found on {0}', deps.boxLabel)
              : help,
          value: v,
        };
      }),
      { label: vscode.l10n.t('Ray, environment and flags'), kind: vscode.QuickPickItemKind.Separator },
      { label: vscode.l10n.t('Ray mode'), description: rayDescription(spec.ray), part: 'ray' },
      { label: vscode.l10n.t('Environment variables'), description: envDescription(spec), part: 'env' },
      { label: vscode.l10n.t('Secret variables'), description: secretsDescription(spec), part: 'secrets' },
      {
        label: vscode.l10n.t('All flags'),
        description: flagsDescription(spec),
        detail: vscode.l10n.t('Add, change or remove any flag'),
        part: 'flags',
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0}: {1} (from {2})', wizardTitle(spec), spec.name, origin),
      placeHolder: vscode.l10n.t('Pick a value to change, or review the launch'),
      ignoreFocusOut: true,
    });
    if (!picked) return { spec, cancelled: true };
    if (picked.review) return { spec, cancelled: false };
    if (picked.part === 'ray') spec = await editRay(spec);
    else if (picked.part === 'env') spec = await editEnv(spec);
    else if (picked.part === 'secrets') spec = await editSecrets(spec, deps.secrets);
    else if (picked.part === 'flags') spec = await editFlags(spec, await deps.flagTable(spec));
    if (picked.part) continue;
    if (picked.rename) {
      const name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Run name'),
        value: spec.name,
        ignoreFocusOut: true,
      });
      if (name) spec = { ...spec, name };
      continue;
    }
    const v = picked.value as RunValue;
    const { label, help } = runValueText(v);
    const text = await vscode.window.showInputBox({
      title: v.flag ? `${label} (${v.flag})` : label,
      prompt: `${help}${v.flag ? vscode.l10n.t(' Empty removes the flag.') : ''}`,
      value: getValue(spec, v) ?? '',
      ignoreFocusOut: true,
      validateInput: (t) => {
        const problem = typedValueProblem(spec, v, t, vscode.l10n.t('A number'));
        return (
          problem && {
            message: problem.message,
            severity: problem.refuse
              ? vscode.InputBoxValidationSeverity.Error
              : vscode.InputBoxValidationSeverity.Warning,
          }
        );
      },
    });
    if (text === undefined) continue;
    spec = setValue(spec, v, text);
    const current = getValue(spec, v);
    if (v.path && current !== undefined) {
      if (await exists(target, current)) missing.delete(current);
      else missing.add(current);
    }
  }
}

async function missingPaths(spec: RunSpecInput, target: Target): Promise<Set<string>> {
  const paths = RUN_VALUES.filter((v) => v.path)
    .map((v) => getValue(spec, v))
    .filter((p): p is string => p !== undefined);
  const found = await Promise.all(paths.map(async (p) => ((await exists(target, p)) ? undefined : p)));
  return new Set(found.filter((p): p is string => p !== undefined));
}

async function exists(target: Target, path: string): Promise<boolean> {
  // A relative prompt path is read from the workdir on the box; only absolute paths can be checked here.
  if (!path.startsWith('/') && !path.startsWith('~')) return true;
  const home = path.startsWith('~') ? await target.home() : '';
  return (
    (await target.stat(path.startsWith('~') ? home + path.slice(1) : path).catch(() => undefined)) !==
    undefined
  );
}

async function readHelp(
  context: vscode.ExtensionContext,
  target: Target,
  alias: string,
  spec: Pick<RunSpecInput, 'workdir' | 'python' | 'entry'>,
): Promise<BoxHelp> {
  helpCache ??= HelpFlagCache.fromJSON(context.globalState.get(HELP_CACHE_KEY));
  // The schema's defaults, so the wizard's edits and the review share one cache entry.
  const key = {
    box: alias,
    workdir: spec.workdir,
    python: spec.python ?? 'python3',
    entry: spec.entry ?? 'train.py',
  };
  const help = await boxHelpTable(target, key, helpCache);
  if (help.origin === 'box') await context.globalState.update(HELP_CACHE_KEY, helpCache.toJSON());
  return help;
}

/** Values of the spec's secretEnv names from SecretStorage, asked for (and kept) when missing. */
export async function secretValues(
  context: vscode.ExtensionContext,
  spec: RunSpec,
): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const name of spec.secretEnv) {
    const key = secretKey(name);
    let value = await context.secrets.get(key);
    if (value === undefined) {
      value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Secret {0} for {1}', name, spec.name),
        prompt: vscode.l10n.t(
          'Kept in VS Code secret storage; it reaches the box only in a 0600 file the run deletes. Empty: launch without it.',
        ),
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      if (value !== '') await context.secrets.store(key, value);
    }
    if (value !== '') values[name] = value;
  }
  return values;
}

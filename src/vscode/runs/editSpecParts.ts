import * as vscode from 'vscode';
import { BUNDLED_FLAGS } from '../../core/runspec/flagTable';
import type { FlagKind, FlagTable } from '../../core/runspec/flagTable';
import { closest } from '../../core/runspec/flagLint';
import { flagValueInput, flagValueText, parseFlagValue } from '../../core/runspec/flagValueText';
import { lintSpec, withUnlistedFlags } from '../../core/runspec/lintSpec';
import { RunSpecSchema } from '../../core/runspec/runSpec';
import { reservedEnvProblem } from '../../core/runspec/reservedEnv';
import type { FlagValue, RaySettings, RunSpecInput } from '../../core/runspec/runSpec';
import { pickFromList } from './pickList';

// The parts of a run spec the Start GRPO Run wizard edits beyond the values that matter: the Ray
// mode, the environment, secret names (values go to SecretStorage, never into the spec) and any flag.
// Each editor is a list that stays open until Back or Escape; every edit applies at once.

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FLAG_NAME = /^--[A-Za-z0-9][A-Za-z0-9_-]*$/;
const LOOKS_SECRET = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;
const EDIT: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('edit'),
  tooltip: vscode.l10n.t('Edit'),
};
const REMOVE: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('trash'),
  tooltip: vscode.l10n.t('Remove'),
};
const SET_SECRET: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('key'),
  tooltip: vscode.l10n.t('Set value…'),
};

/** Where a secret's value is kept; the launch reads it from here. */
export const secretKey = (name: string) => `rolloutStudio.secretEnv.${name}`;

// ---------------------------------------------------------------- Ray

export function rayDescription(ray: RunSpecInput['ray']): string {
  if (!ray || ray.mode === 'direct') return vscode.l10n.t('direct: slime starts a private Ray');
  if (ray.mode === 'head')
    return ray.numGpus !== undefined
      ? vscode.l10n.t('head started for this run, {0} GPUs', ray.numGpus)
      : vscode.l10n.t('head started for this run');
  return vscode.l10n.t('cluster at {0}', ray.address ?? vscode.l10n.t('(no address)'));
}

export async function editRay(spec: RunSpecInput): Promise<RunSpecInput> {
  const current = spec.ray?.mode ?? 'direct';
  type Item = vscode.QuickPickItem & { mode: RaySettings['mode'] };
  const mode = await vscode.window.showQuickPick<Item>(
    [
      {
        mode: 'direct',
        label: 'direct',
        detail: vscode.l10n.t('Run the entry itself; slime’s ray.init starts a private local Ray.'),
      },
      {
        mode: 'head',
        label: 'head',
        detail: vscode.l10n.t(
          'Start a Ray head for this run (own temp dir and ports), submit to it, stop it afterwards.',
        ),
      },
      {
        mode: 'cluster',
        label: 'cluster',
        detail: vscode.l10n.t('Submit to a Ray cluster that is already running.'),
      },
    ].map(
      (i) => ({ ...i, description: i.mode === current ? vscode.l10n.t('(current)') : undefined }) as Item,
    ),
    {
      title: vscode.l10n.t('Ray mode'),
      placeHolder: vscode.l10n.t('How the run gets its Ray'),
      ignoreFocusOut: true,
    },
  );
  if (!mode) return spec;
  const { address, numGpus, dashboardPort, port } = spec.ray ?? {};
  if (mode.mode === 'direct') return { ...spec, ray: { mode: 'direct' } };
  if (mode.mode === 'head') {
    const gpus = await vscode.window.showInputBox({
      title: vscode.l10n.t('Ray head: GPUs it offers (--num-gpus)'),
      prompt: vscode.l10n.t('Empty lets Ray count the GPUs itself.'),
      value: numGpus === undefined ? '' : String(numGpus),
      ignoreFocusOut: true,
      validateInput: (t) =>
        t.trim() === '' || /^\d+$/.test(t.trim()) ? undefined : vscode.l10n.t('A whole number of GPUs'),
    });
    if (gpus === undefined) return spec;
    return {
      ...spec,
      ray: {
        mode: 'head',
        ...(gpus.trim() !== '' ? { numGpus: Number(gpus.trim()) } : {}),
        ...(dashboardPort !== undefined ? { dashboardPort } : {}),
        ...(port !== undefined ? { port } : {}),
      },
    };
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Ray cluster: its dashboard address'),
    prompt: vscode.l10n.t('Where `ray job submit --address` reaches the cluster, as seen from the box.'),
    value: address ?? 'http://127.0.0.1:8265',
    ignoreFocusOut: true,
    validateInput: (t) =>
      /^(https?:\/\/)?[^\s/:]+:\d{1,5}\/?$/.test(t.trim())
        ? undefined
        : vscode.l10n.t('An address such as http://10.0.0.5:8265'),
  });
  if (typed === undefined) return spec;
  return { ...spec, ray: { mode: 'cluster', address: typed.trim() } };
}

// ---------------------------------------------------------------- environment

export function envDescription(spec: RunSpecInput): string {
  const names = Object.keys(spec.env ?? {});
  return names.length === 0 ? vscode.l10n.t('(none)') : names.join(', ');
}

export async function editEnv(spec: RunSpecInput): Promise<RunSpecInput> {
  let s = spec;
  for (;;) {
    type Item = vscode.QuickPickItem & { name?: string };
    const env = s.env ?? {};
    const picked = await pickFromList<Item>({
      title: vscode.l10n.t('Environment variables of the run'),
      placeholder: vscode.l10n.t('Pick one to change its value; secrets belong under Secret variables'),
      back: true,
      items: [
        { label: vscode.l10n.t('$(add) Add variable…') },
        ...Object.entries(env).map(([name, value]) => ({
          name,
          label: name,
          description: value === '' ? vscode.l10n.t('(empty)') : value,
          buttons: [EDIT, REMOVE],
        })),
      ],
    });
    if (picked === 'back') return s;
    const { item, button } = picked;
    if (item.name !== undefined && button === REMOVE) {
      const rest = { ...env };
      delete rest[item.name];
      s = { ...s, env: rest };
      continue;
    }
    const name =
      item.name ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('New environment variable: name'),
        prompt: vscode.l10n.t('Letters, digits and _, not first a digit.'),
        ignoreFocusOut: true,
        validateInput: (t) => envNameProblem(t, s, 'env'),
      }));
    if (!name) continue;
    const value = await vscode.window.showInputBox({
      title: `${name}=`,
      prompt: vscode.l10n.t(
        'The value is written into launch.sh; use a secret variable for anything private.',
      ),
      value: env[name] ?? '',
      ignoreFocusOut: true,
    });
    if (value !== undefined) s = { ...s, env: { ...env, [name]: value } };
  }
}

export function secretsDescription(spec: RunSpecInput): string {
  return (spec.secretEnv ?? []).join(', ') || vscode.l10n.t('(none)');
}

export async function editSecrets(spec: RunSpecInput, secrets: vscode.SecretStorage): Promise<RunSpecInput> {
  let s = spec;
  for (;;) {
    type Item = vscode.QuickPickItem & { name?: string };
    const names = s.secretEnv ?? [];
    const stored = await Promise.all(names.map(async (n) => (await secrets.get(secretKey(n))) !== undefined));
    const picked = await pickFromList<Item>({
      title: vscode.l10n.t('Secret variables of the run'),
      placeholder: vscode.l10n.t('Names only live in the spec; values stay in VS Code secret storage'),
      back: true,
      items: [
        { label: vscode.l10n.t('$(add) Add secret…') },
        ...names.map((name, i) => ({
          name,
          label: `$(lock) ${name}`,
          description: stored[i]
            ? vscode.l10n.t('value stored')
            : vscode.l10n.t('no value yet: asked at launch'),
          buttons: [SET_SECRET, REMOVE],
        })),
      ],
    });
    if (picked === 'back') return s;
    const { item, button } = picked;
    if (item.name !== undefined && button === REMOVE) {
      s = { ...s, secretEnv: names.filter((n) => n !== item.name) };
      continue;
    }
    const name =
      item.name ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('New secret variable: name'),
        prompt: vscode.l10n.t('e.g. WANDB_API_KEY. Its value is asked next and kept in secret storage.'),
        ignoreFocusOut: true,
        validateInput: (t) => envNameProblem(t, s, 'secret'),
      }));
    if (!name) continue;
    if (!names.includes(name)) s = { ...s, secretEnv: [...names, name] };
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Secret {0}', name),
      prompt: vscode.l10n.t(
        'Kept in VS Code secret storage; it reaches the box only in a 0600 file the run deletes. Empty: ask at launch.',
      ),
      password: true,
      ignoreFocusOut: true,
    });
    if (value) await secrets.store(secretKey(name), value);
  }
}

function envNameProblem(
  text: string,
  spec: RunSpecInput,
  kind: 'env' | 'secret',
): string | vscode.InputBoxValidationMessage | undefined {
  const name = text.trim();
  if (!ENV_NAME.test(name)) return vscode.l10n.t('Letters, digits and _, not first a digit.');
  const reserved = reservedEnvProblem(name, spec.allowEnv ?? []);
  if (reserved) return reserved;
  if (kind === 'env' && (spec.secretEnv ?? []).includes(name))
    return vscode.l10n.t('{0} is already a secret variable.', name);
  if (kind === 'env' && name in (spec.env ?? {}))
    return vscode.l10n.t('{0} is already set; pick it in the list to change it.', name);
  if (kind === 'secret' && name in (spec.env ?? {}))
    return vscode.l10n.t('{0} has a plain value under Environment variables; remove it there first.', name);
  if (kind === 'env' && LOOKS_SECRET.test(name))
    return {
      message: vscode.l10n.t(
        '{0} looks like a secret: add it under Secret variables so its value stays out of files.',
        name,
      ),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  return undefined;
}

// ---------------------------------------------------------------- flags

export function flagsDescription(spec: RunSpecInput): string {
  const n = Object.keys(spec.args ?? {}).length;
  return n === 1 ? vscode.l10n.t('1 flag') : vscode.l10n.t('{0} flags', n);
}

const KIND_TEXT: Record<FlagKind, string> = {
  bare: vscode.l10n.t('on/off'),
  value: vscode.l10n.t('one value'),
  list: vscode.l10n.t('list of values'),
  append: vscode.l10n.t('repeatable'),
};

/**
 * Every flag of the spec with its lint, editable and removable; new flags are picked from the table
 * (the box's --help when it could be read) or typed, with "did you mean" for names it does not know.
 */
export async function editFlags(spec: RunSpecInput, table: FlagTable | undefined): Promise<RunSpecInput> {
  const known = (table ? withUnlistedFlags(table) : BUNDLED_FLAGS).flags;
  const source = table?.source ?? BUNDLED_FLAGS.source;
  let s = spec;
  for (;;) {
    type Item = vscode.QuickPickItem & { flag?: string };
    const args = s.args ?? {};
    const findings = flagFindings(s, table);
    const picked = await pickFromList<Item>({
      title: vscode.l10n.t('Flags of the run (checked against {0})', source),
      placeholder: vscode.l10n.t('Pick a flag to change its value, or add one'),
      back: true,
      items: [
        { label: vscode.l10n.t('$(add) Add flag…') },
        ...Object.entries(args).map(([flag, value]) => {
          const finding = findings.get(flag);
          return {
            flag,
            label: `${finding ? (finding.severity === 'error' ? '$(error) ' : '$(warning) ') : ''}${flag}`,
            description: flagValueText(value),
            detail: finding?.message,
            buttons: [EDIT, REMOVE],
          };
        }),
      ],
    });
    if (picked === 'back') return s;
    const { item, button } = picked;
    if (item.flag !== undefined && button === REMOVE) {
      const rest = { ...args };
      delete rest[item.flag];
      s = { ...s, args: rest };
      continue;
    }
    const flag = item.flag ?? (await pickNewFlag(known, source, args));
    if (!flag) continue;
    const value = await askFlagValue(flag, known.get(flag), args[flag]);
    if (value === 'remove') {
      const rest = { ...args };
      delete rest[flag];
      s = { ...s, args: rest };
    } else if (value !== undefined) s = { ...s, args: { ...args, [flag]: value } };
  }
}

async function pickNewFlag(
  known: ReadonlyMap<string, FlagKind>,
  source: string,
  args: Readonly<Record<string, FlagValue>>,
): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { flag: string };
  const items: Item[] = [...known]
    .filter(([flag]) => !(flag in args) && flag !== '--help')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([flag, kind]) => ({ flag, label: flag, description: KIND_TEXT[kind] }));
  for (;;) {
    const picked = await pickFromList<Item>({
      title: vscode.l10n.t('Add a flag'),
      placeholder: vscode.l10n.t('Type to filter the flags of {0}, or type a new --flag', source),
      items,
      back: true,
      typed: (value) => {
        const flag = value.trim();
        if (!flag.startsWith('--') || known.has(flag)) return [];
        const suggestion = closest(flag, known.keys());
        return [
          {
            flag,
            label: `$(warning) ${flag}`,
            description: FLAG_NAME.test(flag)
              ? vscode.l10n.t('not a flag of this table')
              : vscode.l10n.t('not a flag name'),
            detail: suggestion
              ? vscode.l10n.t('Did you mean {0}? slime ignores unknown flags.', suggestion)
              : vscode.l10n.t(
                  'slime ignores unknown flags: it would do nothing unless another parser reads it.',
                ),
            alwaysShow: true,
          },
        ];
      },
    });
    if (picked === 'back') return undefined;
    if (FLAG_NAME.test(picked.item.flag)) return picked.item.flag;
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is not a long flag such as --rollout-batch-size.', picked.item.flag),
    );
  }
}

async function askFlagValue(
  flag: string,
  kind: FlagKind | undefined,
  current: FlagValue | undefined,
): Promise<FlagValue | 'remove' | undefined> {
  if (kind === 'bare' && current === undefined) return true;
  // As in the values list, emptying an existing flag's value removes it (the keyboard's remove button).
  const removable = current !== undefined;
  const text = await vscode.window.showInputBox({
    title: `${flag} (${kind ? KIND_TEXT[kind] : vscode.l10n.t('not in the flag table')})`,
    prompt: `${
      kind === 'bare'
        ? vscode.l10n.t('on passes the flag, off leaves it out.')
        : kind === 'list' || kind === 'append'
          ? vscode.l10n.t('Values separated by spaces, or a JSON array when a value has spaces.')
          : vscode.l10n.t('One value; numbers stay numbers.')
    }${removable ? vscode.l10n.t(' Empty removes the flag.') : ''}`,
    value:
      current === undefined
        ? ''
        : kind === 'bare'
          ? flagValueText(current).split(' ')[0]
          : flagValueInput(current),
    ignoreFocusOut: true,
    validateInput: (t) => {
      if (removable && t.trim() === '') return undefined;
      const parsed = parseFlagValue(t, kind);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  if (removable && text.trim() === '') return 'remove';
  const parsed = parseFlagValue(text, kind);
  return 'value' in parsed ? parsed.value : undefined;
}

function flagFindings(spec: RunSpecInput, table: FlagTable | undefined) {
  const parsed = RunSpecSchema.safeParse(spec);
  const byFlag = new Map<string, { severity: string; message: string }>();
  if (!parsed.success) return byFlag;
  for (const f of lintSpec(parsed.data, table ? { helpTable: table } : {}))
    if (f.flag && f.severity !== 'info' && !byFlag.has(f.flag)) byFlag.set(f.flag, f);
  return byFlag;
}

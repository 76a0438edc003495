import * as vscode from 'vscode';
import { describeFilter, isEmptyFilter, parseRewardRange } from '../core/store/explorerChoices';
import type { ExplorerFilter, SampleOrder } from '../core/store/explorerChoices';
import { INDEXED_STATUSES } from '../core/store/sampleIndex';
import type { IndexedStatus } from '../core/store/sampleIndex';
import type { RunMirror } from '../remote/runMirror';
import type { RunsTree } from './runsTree';
import { withCancellableProgress } from './cancellableProgress';

/** Filter and sort actions of the Runs & Rollouts view's title bar. */
export function activateExplorerFilter(
  context: vscode.ExtensionContext,
  {
    tree: runs,
    view,
    mirrors,
  }: { tree: RunsTree; view: vscode.TreeView<unknown>; mirrors: () => Iterable<RunMirror> },
): void {
  const apply = async (filter: ExplorerFilter) => {
    const textMatches = new Map<string, ReadonlySet<number>>();
    // Heads-only runs keep their bodies on the box: a text search covers what was fetched, and says so.
    let fetched = { bodies: 0, samples: 0 };
    if (filter.text) {
      const text = filter.text;
      const searched = await withCancellableProgress(
        vscode.l10n.t('Searching records for “{0}”', text),
        async (control) => {
          const stores = [...mirrors()].map((m) => m.store);
          // Every run's samples count towards one percentage.
          const total = stores.reduce((n, s) => n + s.samples.length, 0);
          let before = 0;
          for (const store of stores) {
            const offset = before;
            textMatches.set(
              store.dir,
              await store.searchText(text, {
                signal: control.signal,
                onProgress: (done) => control.onProgress(offset + done, total),
              }),
            );
            before += store.samples.length;
            const scope = store.searchScope();
            if (scope.where === 'fetched') {
              fetched = { bodies: fetched.bodies + scope.bodies, samples: fetched.samples + scope.samples };
            }
          }
          return true;
        },
      );
      // Cancelled: the filter stays as it was.
      if (!searched) return;
    }
    runs.setFilter(filter, textMatches);
    const active = !isEmptyFilter(filter);
    const coverage =
      fetched.samples > 0
        ? vscode.l10n.t(
            ' (text searched in mirrored records and in the {0} of {1} heads-only samples fetched so far)',
            fetched.bodies,
            fetched.samples,
          )
        : '';
    view.description = active
      ? vscode.l10n.t('filtered: {0}{1}', describeFilter(filter), coverage)
      : undefined;
    await vscode.commands.executeCommand('setContext', 'rolloutStudio.explorerFiltered', active);
  };

  const editFilter = async () => {
    const f = { ...runs.currentFilter };
    const choice = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('$(list-filter) Status…'), id: 'status', description: f.statuses?.join(', ') },
        {
          label: vscode.l10n.t('$(graph) Reward range…'),
          id: 'reward',
          description:
            f.minReward !== undefined || f.maxReward !== undefined
              ? `${f.minReward ?? ''}..${f.maxReward ?? ''}`
              : undefined,
        },
        {
          label: f.withErrors
            ? vscode.l10n.t('$(error) Also samples without tool-call errors')
            : vscode.l10n.t('$(error) Only samples with tool-call errors'),
          id: 'errors',
        },
        { label: vscode.l10n.t('$(tag) Task or domain…'), id: 'task', description: f.task },
        { label: vscode.l10n.t('$(search) Text in the record…'), id: 'text', description: f.text },
        { label: vscode.l10n.t('$(clear-all) Clear filter'), id: 'clear' },
      ],
      {
        title: vscode.l10n.t('Filter samples'),
        placeHolder: isEmptyFilter(f)
          ? vscode.l10n.t('No filter yet')
          : vscode.l10n.t('Now: {0}', describeFilter(f)),
      },
    );
    if (!choice) return;
    switch (choice.id) {
      case 'status': {
        const picked = await vscode.window.showQuickPick(
          INDEXED_STATUSES.map((s) => ({ label: s, picked: f.statuses?.includes(s) ?? false })),
          { canPickMany: true, title: vscode.l10n.t('Show samples whose status is') },
        );
        if (!picked) return;
        f.statuses = picked.map((p) => p.label as IndexedStatus);
        break;
      }
      case 'reward': {
        const text = await vscode.window.showInputBox({
          title: vscode.l10n.t('Reward range'),
          prompt: vscode.l10n.t('e.g. 0..0.5, 1, 0.5.. or ..0 (empty: any reward)'),
          validateInput: (v) =>
            parseRewardRange(v) ? undefined : vscode.l10n.t('Write a number or a range such as 0..0.5'),
        });
        if (text === undefined) return;
        const range = parseRewardRange(text) ?? {};
        f.minReward = range.min;
        f.maxReward = range.max;
        break;
      }
      case 'errors':
        f.withErrors = !f.withErrors;
        break;
      case 'task': {
        const text = await vscode.window.showInputBox({
          title: vscode.l10n.t('Task id or domain contains'),
          value: f.task ?? '',
        });
        if (text === undefined) return;
        f.task = text.trim() || undefined;
        break;
      }
      case 'text': {
        const text = await vscode.window.showInputBox({
          title: vscode.l10n.t('Text in the record'),
          prompt: vscode.l10n.t('Case-insensitive; searches the samples mirrored so far'),
          value: f.text ?? '',
        });
        if (text === undefined) return;
        f.text = text.trim() || undefined;
        break;
      }
      case 'clear':
        await apply({});
        return;
    }
    await apply(f);
  };

  const sort = async () => {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: vscode.l10n.t('Oldest step first, samples by index'),
          description: vscode.l10n.t('new steps join at the end'),
          steps: 'oldest-first' as const,
          samples: 'index' as SampleOrder,
        },
        {
          label: vscode.l10n.t('Newest step first, samples by index'),
          steps: 'newest-first' as const,
          samples: 'index' as SampleOrder,
        },
        {
          label: vscode.l10n.t('Samples by reward, best first'),
          steps: 'oldest-first' as const,
          samples: 'reward-desc' as SampleOrder,
        },
        {
          label: vscode.l10n.t('Samples by reward, worst first'),
          steps: 'oldest-first' as const,
          samples: 'reward-asc' as SampleOrder,
        },
        {
          label: vscode.l10n.t('Samples by tool-call errors, most first'),
          steps: 'oldest-first' as const,
          samples: 'errors-desc' as SampleOrder,
        },
      ],
      { title: vscode.l10n.t('Sort the explorer') },
    );
    if (picked) runs.setOrder(picked.steps, picked.samples);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.filterSamples', editFilter),
    vscode.commands.registerCommand('rolloutStudio.clearSampleFilter', () => apply({})),
    vscode.commands.registerCommand('rolloutStudio.sortSamples', sort),
  );
}

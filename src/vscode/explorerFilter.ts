import * as vscode from 'vscode';
import { describeFilter, isEmptyFilter, parseRewardRange } from '../core/store/explorerChoices';
import type { ExplorerFilter, SampleOrder } from '../core/store/explorerChoices';
import { INDEXED_STATUSES } from '../core/store/sampleIndex';
import type { IndexedStatus } from '../core/store/sampleIndex';
import type { RunMirror } from '../remote/runMirror';
import type { RunsTree } from './runsTree';

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
      await vscode.window.withProgress(
        { location: { viewId: 'rolloutStudio.runs' }, title: `Searching records for “${text}”` },
        async () => {
          for (const m of mirrors()) {
            textMatches.set(m.store.dir, await m.store.searchText(text));
            const scope = m.store.searchScope();
            if (scope.where === 'fetched') {
              fetched = { bodies: fetched.bodies + scope.bodies, samples: fetched.samples + scope.samples };
            }
          }
        },
      );
    }
    runs.setFilter(filter, textMatches);
    const active = !isEmptyFilter(filter);
    const coverage =
      fetched.samples > 0
        ? ` (text searched in mirrored records and in the ${fetched.bodies} of ${fetched.samples} heads-only samples fetched so far)`
        : '';
    view.description = active ? `filtered: ${describeFilter(filter)}${coverage}` : undefined;
    await vscode.commands.executeCommand('setContext', 'rolloutStudio.explorerFiltered', active);
  };

  const editFilter = async () => {
    const f = { ...runs.currentFilter };
    const choice = await vscode.window.showQuickPick(
      [
        { label: '$(list-filter) Status…', id: 'status', description: f.statuses?.join(', ') },
        {
          label: '$(graph) Reward range…',
          id: 'reward',
          description:
            f.minReward !== undefined || f.maxReward !== undefined
              ? `${f.minReward ?? ''}..${f.maxReward ?? ''}`
              : undefined,
        },
        {
          label: `$(error) ${f.withErrors ? 'Also samples without' : 'Only samples with'} tool-call errors`,
          id: 'errors',
        },
        { label: '$(tag) Task or domain…', id: 'task', description: f.task },
        { label: '$(search) Text in the record…', id: 'text', description: f.text },
        { label: '$(clear-all) Clear filter', id: 'clear' },
      ],
      {
        title: 'Filter samples',
        placeHolder: isEmptyFilter(f) ? 'No filter yet' : `Now: ${describeFilter(f)}`,
      },
    );
    if (!choice) return;
    switch (choice.id) {
      case 'status': {
        const picked = await vscode.window.showQuickPick(
          INDEXED_STATUSES.map((s) => ({ label: s, picked: f.statuses?.includes(s) ?? false })),
          { canPickMany: true, title: 'Show samples whose status is' },
        );
        if (!picked) return;
        f.statuses = picked.map((p) => p.label as IndexedStatus);
        break;
      }
      case 'reward': {
        const text = await vscode.window.showInputBox({
          title: 'Reward range',
          prompt: 'e.g. 0..0.5, 1, 0.5.. or ..0 (empty: any reward)',
          validateInput: (v) =>
            parseRewardRange(v) ? undefined : 'Write a number or a range such as 0..0.5',
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
          title: 'Task id or domain contains',
          value: f.task ?? '',
        });
        if (text === undefined) return;
        f.task = text.trim() || undefined;
        break;
      }
      case 'text': {
        const text = await vscode.window.showInputBox({
          title: 'Text in the record',
          prompt: 'Case-insensitive; searches the samples mirrored so far',
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
          label: 'Oldest step first, samples by index',
          description: 'new steps join at the end',
          steps: 'oldest-first' as const,
          samples: 'index' as SampleOrder,
        },
        {
          label: 'Newest step first, samples by index',
          steps: 'newest-first' as const,
          samples: 'index' as SampleOrder,
        },
        {
          label: 'Samples by reward, best first',
          steps: 'oldest-first' as const,
          samples: 'reward-desc' as SampleOrder,
        },
        {
          label: 'Samples by reward, worst first',
          steps: 'oldest-first' as const,
          samples: 'reward-asc' as SampleOrder,
        },
        {
          label: 'Samples by tool-call errors, most first',
          steps: 'oldest-first' as const,
          samples: 'errors-desc' as SampleOrder,
        },
      ],
      { title: 'Sort the explorer' },
    );
    if (picked) runs.setOrder(picked.steps, picked.samples);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.filterSamples', editFilter),
    vscode.commands.registerCommand('rolloutStudio.clearSampleFilter', () => apply({})),
    vscode.commands.registerCommand('rolloutStudio.sortSamples', sort),
  );
}

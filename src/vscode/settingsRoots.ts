import * as vscode from 'vscode';

const config = () => vscode.workspace.getConfiguration('rolloutStudio');

/** The rolloutStudio.runsRoot setting: where runs go, and are looked for, on every box. */
export const runsRoot = (): string => config().get<string>('runsRoot', '~/.rollout-studio/runs');

/** The rolloutStudio.serversRoot setting: where SGLang servers started from here keep their files. */
export const serversRoot = (): string => config().get<string>('serversRoot', '~/.rollout-studio/servers');

/** How often runs are re-read while something shows them (rolloutStudio.refreshIntervalSeconds). */
export const refreshPeriodMs = (): number =>
  Math.max(0.5, config().get<number>('refreshIntervalSeconds', 2)) * 1000;

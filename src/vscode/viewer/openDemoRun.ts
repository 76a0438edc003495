import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES, RunStateSchema } from '../../core/run/runFiles';
import { LOCAL_ALIAS, runKey } from '../../core/run/runKey';
import { DEMO_RUN_ID, writeDemoRun } from '../../remote/demo/writeDemoRun';
import { withCancellableProgress } from '../cancellableProgress';

/** As many steps as the CLI's demo writes by default: enough for the charts to show a trend. */
const DEMO_STEPS = 12;

export interface DemoRunDeps {
  /** Where the demo run goes: this machine lists the runs there (BoxRegistry.demoFolder). */
  folder: string;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Re-reads every box's runs, so this machine lists the demo once it is written. */
  refresh: () => Promise<void>;
  open: (runKey: string) => void;
  /**
   * The key of a finished demo run this machine already lists elsewhere (the CLI's demo under the runs
   * root, as `npm start` writes it): opened instead of writing a second run of the same name.
   */
  listed: () => string | undefined;
}

/** A demo run written to the end before: state.json says it exited cleanly. */
async function finished(dir: string): Promise<boolean> {
  try {
    const state = RunStateSchema.safeParse(
      JSON.parse(await fs.readFile(join(dir, RUN_FILES.state), 'utf8')) as unknown,
    );
    return state.success && state.data.state === 'exited' && state.data.exitCode === 0;
  } catch {
    return false;
  }
}

/**
 * Open Demo Run: writes the finished demo run (recorded tau2 trajectories, labelled as demo data) into the
 * extension's storage, where this machine lists it, once; then opens it in the viewer. No box and no GPU:
 * the demo's records go through the bundled tap under Python 3, as `rollout-studio demo` writes them.
 *
 * It needs no workspace trust. It runs only the extension's own scripts, under the user's Python
 * (rolloutStudio.python is a restricted setting: an untrusted folder's value is not read), reads nothing
 * from the workspace, and writes only into the extension's own storage.
 */
export async function openDemoRun(deps: DemoRunDeps): Promise<void> {
  const dir = join(deps.folder, DEMO_RUN_ID);
  const written = await finished(dir);
  const listed = written ? undefined : deps.listed();
  if (listed !== undefined) {
    deps.open(listed);
    return;
  }
  if (!written) {
    // Written aside and moved into place when complete: this machine never lists a half-written demo.
    const partial = `${deps.folder}.partial`;
    await fs.rm(partial, { recursive: true, force: true });
    const media = (...path: string[]) => vscode.Uri.joinPath(deps.extensionUri, 'media', ...path).fsPath;
    const python = vscode.workspace.getConfiguration('rolloutStudio').get<string>('python', 'python3');
    let written: string | undefined;
    try {
      written = await withCancellableProgress(vscode.l10n.t('Writing the demo run'), (control) =>
        writeDemoRun(
          partial,
          {
            python,
            replaySamples: media('tap', 'replay_samples.py'),
            convertTrain: media('convert_debug_train.py'),
          },
          { steps: DEMO_STEPS, intervalMs: 0, control, readFrom: deps.folder },
        ),
      );
    } catch (e) {
      deps.log.warn(`writing the demo run: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Rollout Studio cannot write the demo run: {0}. It needs Python 3 (set rolloutStudio.python).',
          (e as Error).message,
        ),
      );
      return;
    }
    if (written === undefined) {
      await fs.rm(partial, { recursive: true, force: true });
      return;
    }
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(deps.folder, { recursive: true });
    await fs.rename(written, dir);
    await fs.rm(partial, { recursive: true, force: true });
  }
  await deps.refresh();
  deps.open(runKey(LOCAL_ALIAS, dir));
}

import * as vscode from 'vscode';
import { withCancellableProgress } from './cancellableProgress';
import { parseRunLink, runLinkUri } from '../core/run/runLink';
import type { LinkedSample, RunLink } from '../core/run/runLink';
import { LOCAL_ALIAS, runKey } from '../core/run/runKey';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import type { BoxSession } from './boxes/boxSession';
import type { Services } from './services';
import { requireTrust } from './trust';
import type { TrajectoryViewer } from './viewer/trajectoryViewer';

// A link waits this long for its run to catch up before it says so in a notification.
const QUIET_WAIT_MS = 1000;

/** Whether the mirror catches up with its run within `ms` (it keeps copying either way). */
async function caughtUpWithin(mirror: RunMirror, ms: number): Promise<boolean> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ms);
  try {
    return await mirror.catchUp({ signal: stop.signal }, 'keep');
  } finally {
    clearTimeout(timer);
  }
}

export interface RunLinkDeps extends Pick<Services, 'registry' | 'log' | 'refresher'> {
  /** Opens the linked run, at the sample and turn when given. */
  viewer: TrajectoryViewer;
}

/** The link to a run of a box (and a sample and turn of it), for the clipboard. */
export function runLinkFor(
  context: vscode.ExtensionContext,
  box: BoxSession,
  run: DiscoveredRun,
  sample: LinkedSample | null,
  turn: number | null = null,
): string {
  return runLinkUri(vscode.env.uriScheme, context.extension.id, {
    box: box.alias,
    runDir: run.dir,
    sample,
    turn,
  });
}

/**
 * Opens `vscode://rollout-studio.rollout-studio/open?box=…&run=…[&sample=…[&turn=…]]`: connects to
 * the box the link names when it is not connected yet (in a trusted workspace), waits for the run to be
 * listed, and shows it. A run the named box does not list is looked for at the same path on the other
 * connected boxes: a link made in a window on the box itself names it "local".
 */
export function activateRunLinks(context: vscode.ExtensionContext, deps: RunLinkDeps): void {
  const { registry, log } = deps;
  const find = (dir: string, first: BoxSession | undefined) => {
    const boxes = registry.runSources();
    for (const box of first ? [first, ...boxes.filter((b) => b !== first)] : boxes) {
      const run = box.discovery?.runs.find((r) => r.dir === dir);
      if (run) return { box, run };
    }
    return undefined;
  };

  const openLink = async (link: RunLink): Promise<void> => {
    let box = registry.runSources().find((b) => b.alias === link.box);
    const overSsh = link.box !== LOCAL_ALIAS && link.box !== registry.openedFiles.alias;
    if (overSsh && !box?.target) {
      // The box may be one connected in an earlier window, or a new one from ~/.ssh/config.
      if (!(await requireTrust(vscode.l10n.t('Opening a link to a run on {0}', link.box)))) return;
      await registry.connectSaved();
      box = await registry.connect(link.box, true);
      if (box.state !== 'ready') return;
    }
    await deps.refresher.refresh();
    const found = find(link.runDir, box);
    if (!found) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'The linked run {0} is not on {1} or any connected box. Check that its directory is under rolloutStudio.runsRoot there, or connect to the box that holds it.',
          link.runDir,
          box?.label ?? link.box,
        ),
      );
      return;
    }
    log.info(`opening a link to ${link.runDir} on ${found.box.alias}`);
    // A run just listed (or just switched to heads only) may not hold the sample yet: its copy or its
    // index is still coming in. The link waits for that, with its progress; Cancel stops the wait only.
    const mirror = found.box.mirrors?.byDir.get(found.run.dir);
    if (link.sample && mirror && !(await caughtUpWithin(mirror, QUIET_WAIT_MS))) {
      const read = await withCancellableProgress(
        vscode.l10n.t(
          'Reading {0} from {1} to open the linked sample',
          found.run.record.name,
          found.box.label,
        ),
        (control) => mirror.catchUp(control, 'keep'),
      );
      if (!read) return;
    }
    deps.viewer.open(runKey(found.box.alias, found.run.dir), link.sample, null, link.turn);
  };

  context.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        let link: RunLink;
        try {
          link = parseRunLink(uri.path, uri.query);
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Rollout Studio cannot open this link: {0}.', (e as Error).message),
          );
          return;
        }
        try {
          await openLink(link);
        } catch (e) {
          log.warn(`opening a link to ${link.runDir} on ${link.box}: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Cannot open the linked run: {0}', (e as Error).message),
          );
        }
      },
    }),
  );
}

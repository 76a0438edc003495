import '../core/zodSetup';
import type * as vscode from 'vscode';
import { activateActiveRunStatus } from './activeRunStatus';
import { activateBoxes } from './boxes/activateBoxes';
import { BoxRegistry } from './boxes/boxRegistry';
import { activateEval } from './eval/activateEval';
import { activateExplorer } from './explorer';
import { activateLog } from './log';
import { MirroredRuns } from './mirroredRuns';
import { MirrorModes, registerMirrorModeCommand } from './runs/mirrorModes';
import { activatePipelines } from './pipeline/activatePipelines';
import { RecordDocuments } from './recordDocuments';
import { activateRunLinks } from './runLinks';
import { RunRefresh } from './runRefresh';
import { activateRuns } from './runs/activateRuns';
import { activateServers } from './servers/activateServers';
import type { Services } from './services';
import { runsRoot, serversRoot } from './settingsRoots';
import { activateToolCalls } from './toolcall/activateToolCalls';
import { BoxProfiles } from './toolcall/boxProfiles';
import { profileFromSettings } from './toolcall/settings';
import { activateViewer } from './viewer/activateViewer';
import { WalkthroughProgress } from './walkthrough';

// The shared services are built once, then each feature activates with the part it uses (see
// docs/architecture.md, "Feature modules"). Features push what they make onto context.subscriptions.
export function activate(context: vscode.ExtensionContext): void {
  const log = activateLog(context);
  const profiles = new BoxProfiles(log);
  const mirrorModes = new MirrorModes(context);
  registerMirrorModeCommand(context, mirrorModes);
  const registry = new BoxRegistry(context, profiles.annotationOf, log, runsRoot, mirrorModes);
  const services: Services = {
    log,
    records: new RecordDocuments(),
    registry,
    profiles,
    // Before every feature: their listeners to box changes see this change's mirrors.
    mirrored: new MirroredRuns(registry),
    refresher: new RunRefresh(registry),
    walkthrough: new WalkthroughProgress(context.extension.id),
    runsRoot,
    serversRoot,
  };
  const { records, mirrored, refresher, walkthrough } = services;
  context.subscriptions.push(records, registry, mirrored, refresher, walkthrough);

  activateBoxes(context, services);
  activateActiveRunStatus(context, services);
  const explorer = activateExplorer(context, services);
  const runs = activateRuns(context, {
    ...services,
    refresh: refresher.refreshAll,
    tapMissing: () => explorer.tree.scheduleRefresh(),
    following: refresher.following,
  });
  explorer.showProgress(runs.monitors);
  const servers = activateServers(context, services);
  profiles.readFrom(servers.policyServers);
  activateEval(context, { ...services, refresh: refresher.refresh });
  activatePipelines(context, { ...services, profile: () => profileFromSettings(log), runs, servers });
  const sglangChecks = activateToolCalls(context, services);
  const viewer = activateViewer(context, { ...services, explorer, servers, sglangChecks });
  activateRunLinks(context, { ...services, viewer });
  log.info(`Rollout Studio ${__ROLLOUT_STUDIO_VERSION__} activated`);
}

export function deactivate(): void {}

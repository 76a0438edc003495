import type * as vscode from 'vscode';
import type { BoxRegistry } from './boxes/boxRegistry';
import type { MirroredRuns } from './mirroredRuns';
import type { RecordDocuments } from './recordDocuments';
import type { RunRefresh } from './runRefresh';
import type { BoxProfiles } from './toolcall/boxProfiles';
import type { WalkthroughProgress } from './walkthrough';

/**
 * What the features share, built once in activate() and handed to each feature's activate function,
 * which takes the part it uses (a Pick of this).
 */
export interface Services {
  log: vscode.LogOutputChannel;
  /** Read-only documents for records and files read from a box. */
  records: RecordDocuments;
  registry: BoxRegistry;
  profiles: BoxProfiles;
  mirrored: MirroredRuns;
  refresher: RunRefresh;
  walkthrough: WalkthroughProgress;
  runsRoot: () => string;
  serversRoot: () => string;
}

import { runKey } from '../core/run/runKey';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import type { BoxRegistry } from './boxes/boxRegistry';
import { Disposable } from './disposable';

/**
 * Every box's mirrored runs by run key, and the run that streamed most recently (the status bar's run,
 * the playground's default tools), kept up to date as boxes change.
 */
export class MirroredRuns extends Disposable {
  readonly byKey = new Map<string, RunMirror>();
  /** The running run with samples, else the first run with samples; kept until another takes over. */
  active: { mirror: RunMirror; run: DiscoveredRun } | undefined;

  constructor(registry: BoxRegistry) {
    super();
    // Subscribed before any feature, so every other listener sees this change's mirrors.
    this.register(
      registry.onDidChange(() => {
        this.byKey.clear();
        for (const box of registry.runSources()) {
          for (const run of box.discovery?.runs ?? []) {
            const mirror = box.mirrors?.byDir.get(run.dir);
            if (!mirror) continue;
            this.byKey.set(runKey(box.alias, run.dir), mirror);
            if (mirror.store.samples.length > 0 && (run.state?.state === 'running' || !this.active))
              this.active = { mirror, run };
          }
        }
      }),
    );
  }
}

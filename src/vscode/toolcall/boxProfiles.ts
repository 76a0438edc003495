import type * as vscode from 'vscode';
import { sampleAnnotator } from '../../core/store/annotateSample';
import type { Annotation } from '../../core/store/recordEntry';
import { runProfile } from '../../core/toolcall/runProfile';
import type { RunProfile } from '../../core/toolcall/runProfile';
import type { BoxSession } from '../boxes/boxSession';
import type { PolicyServers } from '../servers/policyServers';
import { profileFromSettings } from './settings';

/**
 * How a box's turns are read: like its installed SGLang (the box probe, else a ready server's
 * /server_info) unless the settings pin a release; opened files like the settings or the default. One
 * annotator per profile, shared by every box that reads alike.
 */
export class BoxProfiles {
  private readonly annotators = new Map<string, Annotation>();
  /** Set once the Servers view exists, before any box is refreshed (when the first profile is asked for). */
  private servers: PolicyServers | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Ready SGLang servers tell their release where the box probe did not find one. */
  readFrom(servers: PolicyServers): void {
    this.servers = servers;
  }

  /** The profile of `box`'s runs; without a box (a run no longer listed), the settings' profile. */
  of(box: BoxSession | undefined): RunProfile {
    return runProfile(
      profileFromSettings(this.log),
      box === undefined || !box.isMachine
        ? undefined
        : {
            version: box.findings?.packages.sglang ?? this.servers?.sglangVersionOn(box),
            box: box.label,
          },
    );
  }

  readonly annotationOf = (box: BoxSession): Annotation => {
    const { profile, key } = this.of(box);
    let a = this.annotators.get(key);
    if (!a) this.annotators.set(key, (a = { annotate: sampleAnnotator(profile), key }));
    return a;
  };
}

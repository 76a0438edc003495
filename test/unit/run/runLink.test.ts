import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_LINK_PATH, formatRunLink, parseRunLink, runLinkUri } from '../../../src/core/run/runLink';
import type { RunLink } from '../../../src/core/run/runLink';

describe('run links', () => {
  it('write the box, run, sample and turn, and read back what they wrote', () => {
    const link: RunLink = {
      box: 'gpu-1',
      runDir: '/home/me/.rollout-studio/runs/tau2 grpo&x=1',
      sample: { step: 3, evaluation: false, group: 0, index: 2 },
      turn: 5,
    };
    const query = formatRunLink(link);
    expect(query).toBe(
      'box=gpu-1&run=%2Fhome%2Fme%2F.rollout-studio%2Fruns%2Ftau2+grpo%26x%3D1&sample=step-3%2Fgroup-0%2Fsample-2&turn=5',
    );
    expect(parseRunLink(RUN_LINK_PATH, query)).toEqual(link);
  });

  it('survive VS Code decoding the query once before the handler reads it', () => {
    const link: RunLink = { box: 'a=b', runDir: '/runs/x&run=/etc', sample: null, turn: null };
    const uri = new URL(runLinkUri('vscode', 'rollout-studio.rollout-studio', link));
    expect(uri.protocol).toBe('vscode:');
    expect(uri.host).toBe('rollout-studio.rollout-studio');
    // What vscode.Uri.parse gives the handler: each component percent-decoded.
    const decoded = decodeURIComponent(uri.search.slice(1));
    expect(parseRunLink(uri.pathname, decoded)).toEqual(link);
  });

  it('round-trip any box, directory and sample', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string().map((s) => `/${s}`),
        fc.option(
          fc.record({
            step: fc.nat(),
            evaluation: fc.boolean(),
            group: fc.nat(),
            index: fc.nat(),
          }),
        ),
        fc.option(fc.nat()),
        (box, runDir, sample, turn) => {
          const link = { box, runDir, sample, turn: sample ? turn : null };
          expect(parseRunLink(RUN_LINK_PATH, formatRunLink(link))).toEqual(link);
        },
      ),
    );
  });

  it('refuse a bad link naming the part that is wrong', () => {
    expect(() => parseRunLink('/run', 'box=a&run=/r')).toThrow('path is "/run"');
    expect(() => parseRunLink(RUN_LINK_PATH, 'run=/r')).toThrow('no box');
    expect(() => parseRunLink(RUN_LINK_PATH, 'box=a&run=runs/r')).toThrow('no run directory');
    expect(() => parseRunLink(RUN_LINK_PATH, 'box=a&run=/r&sample=3/0/2')).toThrow(
      'sample=3/0/2 is not of the form',
    );
    expect(() => parseRunLink(RUN_LINK_PATH, 'box=a&run=/r&turn=2')).toThrow('needs a sample=');
    expect(() => parseRunLink(RUN_LINK_PATH, 'box=a&run=/r&sample=eval-1/group-0/sample-0&turn=-1')).toThrow(
      'turn=-1 is not a turn number',
    );
  });
});

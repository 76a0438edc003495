import type { TestProject } from 'vitest/node';
import { ensurePythonEnv, sglangReleaseDir, sglangReleases } from '../scripts/lib/pythonEnv.mjs';

// Builds (once, into the cache folder) the pinned Python environment that the Python tests and the
// upstream oracles run in, and hands its interpreter to the tests as inject('testPython').
export default function setup(project: TestProject): void {
  project.provide('testPython', ensurePythonEnv());
  project.provide(
    'sglangReleases',
    [...sglangReleases().keys()].map((version) => ({ version, root: sglangReleaseDir(version) })),
  );
}

declare module 'vitest' {
  export interface ProvidedContext {
    testPython: string;
    /** Pinned SGLang releases (test/python/sglang-releases.txt), each a folder to put first on sys.path. */
    sglangReleases: { version: string; root: string }[];
  }
}

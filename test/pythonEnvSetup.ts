import type { TestProject } from 'vitest/node';
import { ensurePythonEnv } from '../scripts/lib/pythonEnv.mjs';

// Builds (once, into the cache folder) the pinned Python environment that the Python tests and the
// upstream oracles run in, and hands its interpreter to the tests as inject('testPython').
export default function setup(project: TestProject): void {
  project.provide('testPython', ensurePythonEnv());
}

declare module 'vitest' {
  export interface ProvidedContext {
    testPython: string;
  }
}

import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __ROLLOUT_STUDIO_VERSION__: JSON.stringify(version) },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/pythonEnvSetup.ts'],
          // A guard against hangs, not a speed check: some unit tests run the CLI as a process or
          // read a 64 MB line, which takes well over vitest's 5 s default beside other busy processes.
          testTimeout: 30_000,
        },
      },
      // Box tests start a real sshd; e2e tests start code-server and Chromium. Each file owns its servers.
      {
        test: {
          name: 'box',
          include: ['test/box/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['test/pythonEnvSetup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // Exported files are read back with the pinned pyarrow, as a notebook would.
          globalSetup: ['test/pythonEnvSetup.ts'],
        },
      },
    ],
  },
});

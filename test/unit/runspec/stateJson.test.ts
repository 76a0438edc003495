import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { RunStateSchema } from '../../../src/core/run/runFiles';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { buildLaunchScript } from '../../../src/remote/launch/launchScript';

// launch.sh writes state.json with its own JSON encoder (bash has none and python may be missing on a
// failing box). These tests run that encoder, cut from the generated script, with hostile values.

const dir = mkdtempSync(join(tmpdir(), 'rs-state-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = buildLaunchScript({
  spec: RunSpecSchema.parse({ name: 'x', workdir: '/w', ray: { mode: 'head' } }),
  id: 'r1',
  createdAt: '',
  toolVersion: '0',
});
const encoder = script.slice(script.indexOf('rs_json_str() {'), script.indexOf('# Members of this script'));

/** Runs rs_state with the given values of the script's variables and reads the state.json it wrote. */
function stateWith(
  vars: { address: string; submission: string; headPid: string; pgid: string },
  state: string,
) {
  const shell = [
    'set -u',
    encoder,
    `RS_DIR=${JSON.stringify(dir)}`,
    'RS_PID=$$ RS_PGID=$4 RS_STARTED_AT=2026-01-01T00:00:00Z',
    'RS_RAY_ADDRESS=$1 RS_SUBMISSION_ID=$2 RS_HEAD_PID=$3',
    'rs_state "$5" 7',
  ].join('\n');
  const r = spawnSync(
    'bash',
    ['-c', shell, 'bash', vars.address, vars.submission, vars.headPid, vars.pgid, state],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(join(dir, 'state.json'), 'utf8');
}

test('an address that tries to add fields stays one string; a pid that is not a number is left out', () => {
  const text = stateWith(
    { address: 'http://x","state":"exited', submission: 'rs-1', headPid: '1,"state":"exited"', pgid: '12' },
    'running',
  );
  const state = RunStateSchema.parse(JSON.parse(text));
  expect(state).toMatchObject({ state: 'running', rayAddress: 'http://x","state":"exited', pgid: 12 });
  expect(state.rayHeadPid).toBeUndefined();
  expect(state.exitCode).toBeNull();
});

// Any text a C argv can carry: well-formed Unicode without NUL, plus the characters JSON must escape.
const text = fc.oneof(
  fc
    .string({ unit: 'binary', maxLength: 40 })
    .filter((s) => Buffer.from(s).toString() === s && !s.includes('\0')),
  fc
    .array(
      fc.constantFrom('"', '\\', '\n', '\r', '\t', '\x01', '\x1f', '\x7f', '&', '\\u0000', '","', 'é', '模'),
    )
    .map((p) => p.join('')),
);

test(
  'any address, submission id and pid round-trip through state.json, which stays valid',
  { timeout: 60_000 },
  () => {
    // 100 generated cases through one bash: a process per case would be slow on a busy machine.
    const cases = fc.sample(fc.tuple(text, text, text, fc.constantFrom('running', 'exited')), 100);
    const input = join(dir, 'cases');
    writeFileSync(input, cases.map((c) => c.map((v) => `${v}\0`).join('')).join(''));
    const shell = [
      'set -u',
      encoder,
      'RS_PID=$$ RS_PGID=5 RS_STARTED_AT=2026-01-01T00:00:00Z i=0',
      "while IFS= read -r -d '' RS_RAY_ADDRESS && IFS= read -r -d '' RS_SUBMISSION_ID &&",
      "  IFS= read -r -d '' RS_HEAD_PID && IFS= read -r -d '' state; do",
      '  RS_DIR=$1/$i; mkdir -p "$RS_DIR"; rs_state "$state" 7; i=$((i + 1))',
      'done <"$2"',
    ].join('\n');
    const r = spawnSync('bash', ['-c', shell, 'bash', join(dir, 'cases.d'), input], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    cases.forEach(([address, submission, headPid, state], i) => {
      const text = readFileSync(join(dir, 'cases.d', String(i), 'state.json'), 'utf8');
      const parsed = RunStateSchema.parse(JSON.parse(text));
      expect(parsed.state).toBe(state);
      expect(parsed.rayAddress).toBe(address === '' ? undefined : address);
      expect(parsed.submissionId).toBe(submission === '' ? undefined : submission);
      expect(parsed.rayHeadPid).toBe(/^[0-9]+$/.test(headPid) ? Number(headPid) : undefined);
      expect(parsed.exitCode).toBe(state === 'exited' ? 7 : null);
    });
  },
);

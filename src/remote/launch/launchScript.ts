import { entryFlagArgv } from '../../core/runspec/entryArgv';
import { reservedEnvProblem } from '../../core/runspec/reservedEnv';
import { DEFAULT_RUNS_ROOT } from '../../core/runspec/runSpec';
import type { RunSpec } from '../../core/runspec/runSpec';
import { TAP_MODULE } from '../../core/runspec/tapFlags';
import { RUN_JOB } from '../../core/run/runFiles';
import { quoteArgv, quoteArgvByFlag } from '../quoteArgv';
import { jobDirShell } from '../boxJob/jobDir';
import { buildJobScript } from '../boxJob/jobScript';
import { jobRecord, type JobInput } from '../boxJob/prepareJob';

export type LaunchScriptInput = JobInput<RunSpec>;

// The file the launch uploads with the secret values (NUL-separated name/value pairs, mode 0600); the
// script reads it into its environment and deletes it before anything else starts.
export const SECRETS_FILE = '.secrets';
export const TAP_FILE = `${TAP_MODULE}.py`;
// Cluster mode's secrets for the job (same format as SECRETS_FILE): the job's entrypoint reads the file
// into its environment with this script and deletes it; launch.sh deletes it too when it finishes.
const JOB_SECRETS_FILE = '.job-secrets';
const JOB_SECRETS_READER = [
  'f=$1; shift',
  'if [ -f "$f" ]; then',
  `  while IFS= read -r -d '' n && IFS= read -r -d '' v; do export "$n=$v"; done <"$f"`,
  '  rm -f -- "$f"',
  'fi',
].join('\n');
/** How long the script gives its job to stop after SIGTERM before it kills what is left. */
const STOP_GRACE_SECONDS = 20;

/** The words of the entry command, e.g. ['python3', 'train.py', '--rollout-batch-size', '32', ...]. */
export function entryArgv(spec: RunSpec): string[] {
  const script =
    spec.ray.mode === 'direct' ? spec.entry : `${spec.workdir.replace(/\/+$/, '')}/${spec.entry}`;
  return [spec.python, script, ...entryFlagArgv(spec)];
}

/** What run.json records: the spec, the resolved argv and the names (never values) of the environment. */
export function runRecord(input: LaunchScriptInput): Record<string, unknown> {
  const { spec } = input;
  return {
    ...jobRecord(input, entryArgv(spec)),
    envNames: [...Object.keys(spec.env), ...spec.secretEnv],
    box: spec.box,
    workdir: spec.workdir,
    ray: spec.ray,
    tap: spec.tap,
    ...(spec.rewardRange !== undefined ? { rewardRange: spec.rewardRange } : {}),
    ...(spec.stage !== undefined ? { stage: spec.stage } : {}),
    spec,
  };
}

/**
 * The exact launch.sh of a run: a box job (buildJobScript) whose job is the spec's entry, started
 * directly (slime starts a private Ray inside the script's process group), on a Ray head the script
 * starts, or submitted to a cluster. Every value from the spec passes through quoteArgv; nothing else is
 * interpolated.
 */
export function buildLaunchScript(input: LaunchScriptInput): string {
  const { spec, id: runId } = input;
  // The schema refuses these already; a spec built in code must not reach the script's own variables either.
  for (const name of [...Object.keys(spec.env), ...spec.secretEnv]) {
    const problem = reservedEnvProblem(name, spec.allowEnv);
    if (problem) throw new Error(problem);
  }
  const q = (word: string) => quoteArgv([word]);
  const mode = spec.ray.mode;
  const L: string[] = [];
  const add = (...lines: string[]) => L.push(...lines);

  add('# Secrets arrive in a 0600 file of NUL-separated names and values; it is read here and deleted.');
  if (spec.secretEnv.length > 0) {
    add(
      'if [ -f "$RS_DIR/' + SECRETS_FILE + '" ]; then',
      "  while IFS= read -r -d '' rs_name && IFS= read -r -d '' rs_value; do",
      `    case "$rs_name" in ${spec.secretEnv.join('|')}) export "$rs_name=$rs_value" ;; esac`,
      '  done <"$RS_DIR/' + SECRETS_FILE + '"',
      'fi',
      'rm -f -- "$RS_DIR/' + SECRETS_FILE + '"',
      'unset rs_name rs_value',
      ...spec.secretEnv.map(
        (n) => `[ -n "\${${n}+set}" ] || echo "Rollout Studio: warning: secret ${n} is not set for this run"`,
      ),
    );
  } else add('rm -f -- "$RS_DIR/' + SECRETS_FILE + '"');
  add('');

  add('# Environment of the run (secrets never appear in this file).');
  for (const [name, value] of Object.entries(spec.env)) add(`export ${name}=${q(value)}`);
  if (!('PYTHONUNBUFFERED' in spec.env))
    add('export PYTHONUNBUFFERED=1  # Ray would buffer stdout otherwise');
  const rayStopWait = mode !== 'direct' && !('RAY_JOB_STOP_WAIT_TIME_S' in spec.env);
  if (rayStopWait)
    add(
      `export RAY_JOB_STOP_WAIT_TIME_S=${STOP_GRACE_SECONDS - 5}  # Ray's SIGTERM-to-SIGKILL wait on a stop`,
    );
  if (spec.tap) {
    add(
      `if [ ! -f "$RS_DIR/${TAP_FILE}" ]; then`,
      `  echo "Rollout Studio: the tap is on but $RS_DIR/${TAP_FILE} is missing (copy it from the extension's media/tap/ or set \\"tap\\": false)"`,
      '  rs_finish 2',
      'fi',
      'export PYTHONPATH="$RS_DIR${PYTHONPATH:+:$PYTHONPATH}"',
      'export ROLLOUT_STUDIO_TAP_OUT="$RS_DIR/rollouts.jsonl"',
    );
    // The tap copies the declared range into every step record, so runs read without run.json know it.
    if (spec.rewardRange !== undefined)
      add(`export ROLLOUT_STUDIO_REWARD_RANGE=${q(spec.rewardRange.join(','))}`);
  }
  const envNames = [
    ...Object.keys(spec.env),
    ...(spec.env.PYTHONUNBUFFERED === undefined ? ['PYTHONUNBUFFERED'] : []),
    ...(spec.tap ? ['PYTHONPATH', 'ROLLOUT_STUDIO_TAP_OUT'] : []),
    ...(spec.tap && spec.rewardRange !== undefined ? ['ROLLOUT_STUDIO_REWARD_RANGE'] : []),
    RUN_JOB.tag,
    'ROLLOUT_STUDIO_RUN_DIR',
  ];
  add(
    `cd -- ${q(spec.workdir)} || { echo "Rollout Studio: cannot enter the workdir" ${q(spec.workdir)}; rs_finish 2; }`,
    `[ -f ${q(spec.entry)} ] || { echo "Rollout Studio: the workdir has no ${spec.entry}"; rs_finish 2; }`,
    '"$RS_PYTHON" -c "" || { echo "Rollout Studio: $RS_PYTHON does not run on this box"; rs_finish 127; }',
    '',
  );

  const argv = entryArgv(spec);
  let start: string;
  if (mode === 'direct') {
    add(
      '# slime calls ray.init itself and starts a private local Ray inside this process group.',
      'rs_state running',
    );
    start = `${quoteArgvByFlag(argv)} &`;
  } else {
    add(
      'command -v ray >/dev/null 2>&1 || { echo "Rollout Studio: the ray command is not on PATH on this box (head and cluster modes need it)"; rs_finish 127; }',
    );
    if (mode === 'head') {
      const ports = [
        'RS_GCS_PORT',
        'RS_DASHBOARD_PORT',
        'RS_CLIENT_PORT',
        'RS_AGENT_PORT',
        'RS_AGENT_GRPC_PORT',
        'RS_METRICS_PORT',
      ];
      add(
        '# A Ray head owned by this run: its own temp dir (short, for socket paths) and its own ports, so',
        '# it never meets another Ray on the box. It runs with --block inside this process group.',
        "# Ray swaps a 127.0.0.1 node address for the box's network address unless",
        '# RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0: with it the head (unauthenticated, like every Ray) listens',
        '# on loopback only, and its workers and the job inherit the setting.',
        `RS_RAY_TMP="\${TMPDIR:-/tmp}/rs-ray-${runId.slice(-6)}"`,
        `read -r ${ports.join(' ')} < <("$RS_PYTHON" - <<'RS_PORTS_END'`,
        'import socket',
        'socks = [socket.socket() for _ in range(6)]',
        'for s in socks:',
        '    s.bind(("127.0.0.1", 0))',
        'print(" ".join(str(s.getsockname()[1]) for s in socks))',
        'RS_PORTS_END',
        ') || { echo "Rollout Studio: no free ports for the Ray head"; rs_finish 1; }',
        ...(spec.ray.port ? [`RS_GCS_PORT=${spec.ray.port}`] : []),
        ...(spec.ray.dashboardPort ? [`RS_DASHBOARD_PORT=${spec.ray.dashboardPort}`] : []),
        'RS_RAY_ADDRESS="http://127.0.0.1:$RS_DASHBOARD_PORT"',
        'RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 ray start --head --block --node-ip-address 127.0.0.1 --port "$RS_GCS_PORT" \\',
        '  --dashboard-host 127.0.0.1 --dashboard-port "$RS_DASHBOARD_PORT" --ray-client-server-port "$RS_CLIENT_PORT" \\',
        '  --dashboard-agent-listen-port "$RS_AGENT_PORT" --dashboard-agent-grpc-port "$RS_AGENT_GRPC_PORT" \\',
        `  --metrics-export-port "$RS_METRICS_PORT" --temp-dir "$RS_RAY_TMP" --disable-usage-stats${spec.ray.numGpus !== undefined ? ` --num-gpus ${spec.ray.numGpus}` : ''} &`,
        'RS_HEAD_PID=$!',
        'rs_state starting',
        'echo "Rollout Studio: waiting for the Ray head at $RS_RAY_ADDRESS"',
        'rs_i=0',
        'until "$RS_PYTHON" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + \'/api/version\', timeout=2)" "$RS_RAY_ADDRESS" 2>/dev/null; do',
        '  kill -0 "$RS_HEAD_PID" 2>/dev/null || { echo "Rollout Studio: the Ray head exited before it was ready"; RS_HEAD_PID=; rs_finish 1; }',
        '  [ -n "$RS_STOPPING" ] && rs_finish 143',
        '  rs_i=$((rs_i + 1)); [ $rs_i -gt 240 ] && { echo "Rollout Studio: the Ray head was not ready after 120 s"; rs_finish 1; }',
        '  sleep 0.5',
        'done',
      );
    } else {
      add(`RS_RAY_ADDRESS=${q(spec.ray.address ?? '')}`);
    }
    // The job's environment goes through a runtime env built from the exported variables and handed
    // to `ray job submit` through a pipe, so no value is ever in an argv or a file. Ray's job supervisor
    // gives the job RAY_JOB_STOP_WAIT_TIME_S between SIGTERM and SIGKILL; it is set inside this
    // script's own grace so a stop ends within it. Secrets never go into the runtime env: Ray keeps it
    // with the job, where the dashboard and `ray job list` show it to anyone who reaches them.
    const jobEnv = [...envNames, ...(rayStopWait ? ['RAY_JOB_STOP_WAIT_TIME_S'] : [])];
    // Ray runs the entrypoint through a shell wherever its head was started: cd to the workdir first, so
    // slime's relative paths mean what they mean in direct mode. A head this run started inherits the
    // secrets from this script; a cluster's job gets them from a 0600 file its entrypoint reads and
    // deletes before the entry starts.
    const jobSecrets = mode === 'cluster' && spec.secretEnv.length > 0;
    const enter = 'cd -- "$1" && shift && exec "$@"';
    const entrypoint = jobSecrets
      ? `bash -c ${q(`${JOB_SECRETS_READER}\n${enter}`)} bash "$RS_DIR/${JOB_SECRETS_FILE}" ${quoteArgvByFlag([spec.workdir, ...argv])}`
      : quoteArgvByFlag(['sh', '-c', enter, 'sh', spec.workdir, ...argv]);
    if (jobSecrets)
      add(
        `# The secrets for the cluster's job: a 0600 file of NUL-separated names and values (printf is a`,
        '# builtin: no value is in an argv).',
        `(umask 077; for rs_n in ${spec.secretEnv.join(' ')}; do [ -z "\${!rs_n+set}" ] || printf '%s\\0%s\\0' "$rs_n" "\${!rs_n}"; done >"$RS_DIR/${JOB_SECRETS_FILE}") || rs_finish 1`,
      );
    add(
      '# The runtime env names the variables exported above; values are read from this environment.',
      'rs_runtime_env() {',
      '  "$RS_PYTHON" -c \'import json, os, sys; print(json.dumps({"env_vars": {n: os.environ[n] for n in sys.argv[1:] if n in os.environ}}))\' \\',
      `    ${quoteArgv(jobEnv)}`,
      '}',
      'rs_state running',
      '# Ray quotes each entrypoint word for its shell (shlex.join), so the words arrive unchanged.',
    );
    start = `ray job submit --address "$RS_RAY_ADDRESS" --submission-id "$RS_SUBMISSION_ID" --runtime-env <(rs_runtime_env) -- ${entrypoint} &`;
  }
  const afterWait =
    mode === 'direct'
      ? []
      : [
          '# `ray job submit` follows the logs and exits 0 for a stopped job too; the job status says how the',
          '# job itself ended. Ray prints it as "Job \'<id>\' succeeded", "... failed" or "... was stopped".',
          'rs_status=$(ray job status --address "$RS_RAY_ADDRESS" "$RS_SUBMISSION_ID" 2>/dev/null)',
          'rs_job_line() { printf "%s\\n" "$rs_status" | grep -qF -- "Job \'$RS_SUBMISSION_ID\' $1"; }',
          'if rs_job_line "was stopped"; then rs_code=143',
          'elif rs_job_line failed; then [ "$rs_code" = 0 ] && rs_code=1',
          'elif rs_job_line succeeded; then rs_code=0',
          'fi',
        ];
  return buildJobScript({
    kind: RUN_JOB,
    input,
    dir: jobDirShell(spec.runsRoot ?? DEFAULT_RUNS_ROOT, runId),
    record: runRecord(input),
    graceSeconds: STOP_GRACE_SECONDS,
    vars: [`RS_PYTHON=${q(spec.python)}`, 'export ROLLOUT_STUDIO_RUN_DIR="$RS_DIR"'],
    jobVars: [
      'RS_HEAD_PID=',
      'RS_RAY_ADDRESS=',
      'RS_RAY_TMP=',
      `RS_SUBMISSION_ID=${mode === 'direct' ? '' : `rs-${runId}`}`,
    ],
    stateFields: [
      '  [ -n "$RS_SUBMISSION_ID" ] && f="$f,\\"submissionId\\":$(rs_json_str "$RS_SUBMISSION_ID")"',
      '  [ -n "$RS_RAY_ADDRESS" ] && f="$f,\\"rayAddress\\":$(rs_json_str "$RS_RAY_ADDRESS")"',
      '  case $RS_HEAD_PID in \'\' | *[!0-9]*) ;; *) f="$f,\\"rayHeadPid\\":$RS_HEAD_PID" ;; esac',
      `  f="$f,\\"rayHeadStartedByUs\\":${mode === 'head' ? 'true' : 'false'}"`,
    ],
    finishFirst: [
      '  if [ -n "$RS_HEAD_PID" ]; then',
      '    echo "Rollout Studio: stopping the Ray head this run started (pid $RS_HEAD_PID)"',
      '    kill -TERM "$RS_HEAD_PID" 2>/dev/null',
      '  fi',
    ],
    finishLast: [
      '  [ -n "$RS_RAY_TMP" ] && rm -rf -- "$RS_RAY_TMP"',
      ...(mode === 'cluster' && spec.secretEnv.length > 0
        ? [`  rm -f -- "$RS_DIR/${JOB_SECRETS_FILE}"`]
        : []),
    ],
    // A submission runs under the Ray cluster, not in this group: Ray stops it.
    ...(mode === 'direct'
      ? {}
      : {
          stopChild: '  [ -n "$RS_CHILD" ] && ray job stop --address "$RS_RAY_ADDRESS" "$RS_SUBMISSION_ID" &',
        }),
    body: L,
    start,
    afterWait,
  });
}

import { splitConsoleLine } from './consoleLine';

// Likely causes of a failed run or server, from the lines that name them (reference/slime.md 1.2,
// reference/sglang.md 2). Each cause says what to do; the first matching line is what the
// notification links to. Causes are in order of precedence: a root cause (out of memory) before the
// deaths it leads to (an engine gone, a router without workers, a Ray actor lost). Checked against
// real slime console excerpts (test/fixtures/upstream/slime-logs).

export interface FailureCause {
  code: string;
  title: string;
  advice: string;
}

interface CauseRule {
  /** Tested on the line without its Ray and log-collector prefixes. */
  pattern: RegExp;
  /** When set, the traceback frame the line follows must match too. */
  frame?: RegExp;
  cause: FailureCause;
}

const INVALID_CONFIG: FailureCause = {
  code: 'invalid-config',
  title: 'slime rejected the configuration',
  advice: 'The message names the rule; the spec lint checks most of them before launch.',
};

const CAUSES: CauseRule[] = [
  {
    // torch_memory_saver's `CUresult error: 2 (out of memory)` is CUDA_ERROR_OUT_OF_MEMORY from
    // cuMemCreate; its `TorchMemorySaver::malloc return OOM` alone is a retried allocation, not fatal.
    pattern:
      /CUDA out of memory|torch\.OutOfMemoryError|CUDA error: out of memory|RayTaskError\(OutOfMemoryError\)|CUresult error: 2 \(out of memory\)/,
    cause: {
      code: 'cuda-oom',
      title: 'CUDA out of memory',
      advice:
        'Lower --max-tokens-per-gpu or --sglang-mem-fraction-static, or use more recompute / parallelism.',
    },
  },
  {
    pattern: /Not enough memory\. Please try to increase --mem-fraction-static/,
    cause: {
      code: 'kv-cache-memory',
      title: 'Not enough memory for the KV cache',
      advice:
        'Increase --mem-fraction-static (SGLang) / --sglang-mem-fraction-static (slime), or free the GPU.',
    },
  },
  {
    pattern: /scheduler died during initialization \(exit code: -9\)|Killed process \d+ .*out of memory/,
    cause: {
      code: 'host-oom',
      title: 'Killed by the OS out-of-memory killer',
      advice: 'The host ran out of RAM while loading; load fewer copies at once or add swap/memory.',
    },
  },
  {
    pattern: /hf_validate_args failed/,
    cause: {
      code: 'hf-config-mismatch',
      title: "Model flags do not match the checkpoint's config.json",
      advice:
        'Source the scripts/models/*.sh file that matches --hf-checkpoint (hidden size, layers, rotary base).',
    },
  },
  {
    pattern: /\[Errno 98\]|address already in use|Address already in use/,
    cause: {
      code: 'port-in-use',
      title: 'Port already in use',
      advice:
        'Another process listens on that port; pick another port or stop the process you started there.',
    },
  },
  {
    // DistBackendError is what torch.distributed raises for a failed NCCL call; Ray wraps it.
    pattern: /NCCL error|ncclInternalError|ncclSystemError|ncclUnhandledCudaError|NCCL WARN|DistBackendError/,
    cause: {
      code: 'nccl',
      title: 'NCCL error',
      advice:
        'Check NVLink/IB (NCCL_DEBUG=INFO), that every GPU is visible, and NCCL_NVLS_ENABLE for the box.',
    },
  },
  {
    pattern:
      /Failed to connect to Ray|ConnectionError: .*Ray|Could not find any running Ray instance|ray\.init\(\) failed|Ray has not been started yet/,
    cause: {
      code: 'ray-unavailable',
      title: 'Ray is not reachable',
      advice: 'Start the run in "head" mode so it owns its Ray head, or check the cluster address.',
    },
  },
  {
    pattern: /Capture cuda graph failed/,
    cause: {
      code: 'cuda-graph-capture',
      title: 'SGLang could not capture its CUDA graphs',
      advice:
        'The engine died while starting; the lines above name the kernel. Lower --sglang-cuda-graph-max-bs, or pass --sglang-disable-cuda-graph to start without graphs.',
    },
  },
  {
    pattern: /Scheduler hit an exception/,
    cause: {
      code: 'sglang-scheduler',
      title: "An SGLang engine's scheduler crashed",
      advice:
        "The engine's traceback after this line names the error; its exception type is on the traceback's last line.",
    },
  },
  {
    pattern: /does not exist, please check the path|FileNotFoundError|No such file or directory/,
    cause: {
      code: 'missing-path',
      title: 'A path does not exist on the box',
      advice: 'Check the checkpoint, reference and data paths of the spec on this box.',
    },
  },
  {
    pattern:
      /error: the following arguments are required|error: unrecognized arguments|error: argument .*invalid choice/,
    cause: {
      code: 'bad-argument',
      title: 'Bad command-line argument',
      advice: 'The line names the flag; fix it in the spec (the lint shows it before launch).',
    },
  },
  {
    // A rule about the flags, by its wording; any other AssertionError or ValueError is a bug somewhere,
    // not the user's configuration (slime #396's "Invalid type of object refs", #1936's memory-saver
    // assert).
    pattern:
      /must be > 0|is required when|must be set when|(?:AssertionError|ValueError): .*(?:--[a-z][a-z0-9-]+|\bargs\.[a-z_]+)/,
    cause: INVALID_CONFIG,
  },
  {
    // Or by where it was raised: slime's and Megatron's argument checks (slime_validate_args, Megatron's
    // validate_args in arguments.py), whose messages often name the value, not the flag.
    pattern: /^(?:[\w.]+\.)?(?:AssertionError|ValueError)\b/,
    frame: /arguments\.py"|validate_args\b/,
    cause: INVALID_CONFIG,
  },
  {
    pattern: /Server process terminated unexpectedly/,
    cause: {
      code: 'sglang-engine-exit',
      title: 'An SGLang engine exited',
      advice:
        "slime's engine found its SGLang server process gone; the engine's own lines above say why (out of memory, a kernel error).",
    },
  },
  {
    pattern: /no_available_workers|No available workers/,
    cause: {
      code: 'router-no-workers',
      title: 'The router has no healthy SGLang engine',
      advice:
        'Every engine behind the router failed its health checks or died; look for the first engine error above, or raise --rollout-health-check-timeout if the engines were only slow.',
    },
  },
  {
    pattern:
      /ActorDiedError|ActorUnavailableError|RayActorError|The actor died unexpectedly|The actor \S+ is unavailable/,
    cause: {
      code: 'ray-actor-died',
      title: 'A Ray actor died or became unavailable',
      advice:
        "The process behind a slime actor (trainer, rollout manager, engine) is gone: look above for its own error, or in Ray's logs (the OS OOM killer, a node lost).",
    },
  },
];

export interface ClassifiedFailure {
  cause: FailureCause;
  /** 0-based index of the line that named the cause. */
  line: number;
  text: string;
}

/** The most specific cause found in the lines (CUDA OOM beats the AssertionError it raised). */
export function classifyFailure(lines: readonly string[]): ClassifiedFailure | undefined {
  const read = readTraceback(lines);
  for (const { pattern, frame, cause } of CAUSES) {
    const index = read.findIndex(
      (r) => !r.code && pattern.test(r.body) && (!frame || (r.frame !== undefined && frame.test(r.frame))),
    );
    if (index >= 0) return { cause, line: index, text: (lines[index] as string).trim() };
  }
  return undefined;
}

// A frame line of a Python traceback, and the carets (^^^^) Python 3.11+ puts under a call.
const FRAME = /^\s*File "[^"]*"?, line \d+/;
const CARETS = /^\s*[~^]+\s*$/;
/** Lines after a frame line that may sit between it and its code line (a log viewer's time and pod). */
const FRAME_REACH = 6;

interface ReadLine {
  /** The line without its Ray and log-collector prefixes. */
  body: string;
  /** A traceback's frame line or echoed source code: `raise ValueError(` names no cause. */
  code: boolean;
  /** The last frame line above, while the traceback lasts: where an exception line was raised. */
  frame: string | undefined;
}

/**
 * Each line with what the traceback around it says. Code lines are indented under a frame line; the
 * exception itself is not indented, and the frame just above it is where it was raised.
 */
function readTraceback(lines: readonly string[]): ReadLine[] {
  let lastFrame = -Infinity;
  let frame: string | undefined;
  return lines.map((raw, i) => {
    const { body } = splitConsoleLine(raw);
    if (FRAME.test(body)) {
      lastFrame = i;
      frame = body;
      return { body, code: true, frame };
    }
    const code = CARETS.test(body) || (/^ {4}/.test(body) && i - lastFrame <= FRAME_REACH);
    return { body, code, frame: i - lastFrame <= FRAME_REACH ? frame : undefined };
  });
}

// Likely causes of a failed run or server, from the lines that name them (reference/slime.md 1.2,
// reference/sglang.md 2). Each cause says what to do; the first matching line is what the
// notification links to.

export interface FailureCause {
  code: string;
  title: string;
  advice: string;
}

const CAUSES: { pattern: RegExp; cause: FailureCause }[] = [
  {
    pattern: /CUDA out of memory|torch\.OutOfMemoryError|CUDA error: out of memory/,
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
    pattern: /NCCL error|ncclInternalError|ncclSystemError|ncclUnhandledCudaError|NCCL WARN/,
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
    pattern: /must be > 0|is required when|must be set when|AssertionError|ValueError/,
    cause: {
      code: 'invalid-config',
      title: 'slime rejected the configuration',
      advice: 'The message names the rule; the spec lint checks most of them before launch.',
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
  for (const { pattern, cause } of CAUSES) {
    const index = lines.findIndex((l) => pattern.test(l));
    if (index >= 0) return { cause, line: index, text: (lines[index] as string).trim() };
  }
  return undefined;
}

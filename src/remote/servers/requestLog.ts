import type { Target } from '../target';

// SGLang's request log (`--log-requests --log-requests-level 3 --log-requests-format json`): one JSON
// object per line, `{"timestamp", "event": "request.received" | "request.finished", "rid", "obj", "out"}`,
// behind the logging prefix `[YYYY-MM-DD HH:MM:SS] ` (srt/utils/request_logger.py, log_utils.log_json).
// Level 3 never truncates strings, and `out.text` of a finished request is the completion exactly as
// decoded, before the chat endpoint split off reasoning and tool calls: the only place it survives.

export interface FinishedRequest {
  /** The raw completion (`out.text`). */
  text: string;
  /** `out.meta_info.finish_reason.type` when logged: stop, length or abort. */
  finishType: string | undefined;
}

/** The `request.finished` record of `rid` among log lines, or undefined when there is none yet. */
export function findFinishedRequest(log: string, rid: string): FinishedRequest | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes(rid)) continue;
    const start = line.indexOf('{');
    if (start < 0) continue;
    let record: unknown;
    try {
      record = JSON.parse(line.slice(start));
    } catch {
      continue;
    }
    if (!isRecord(record) || record.event !== 'request.finished' || record.rid !== rid) continue;
    const out = record.out;
    if (!isRecord(out) || typeof out.text !== 'string') continue;
    const meta = isRecord(out.meta_info) ? out.meta_info : {};
    const finish = isRecord(meta.finish_reason) ? meta.finish_reason.type : undefined;
    return { text: out.text, finishType: typeof finish === 'string' ? finish : undefined };
  }
  return undefined;
}

// Only the lines naming the request leave the box: a level-3 log holds every prompt in full.
const GREP = 'tail -c +"$1" -- "$2" 2>/dev/null | grep -F -e "$3" || true';

/**
 * Reads the lines of `logPath` from byte `fromOffset` on that mention `rid` and returns the finished
 * record, polling until `waitMs` passes: SGLang logs the record as the request finishes, and the file
 * is flushed line by line, so it is normally there by the time the response arrives.
 */
export async function readFinishedRequest(
  target: Target,
  logPath: string,
  fromOffset: number,
  rid: string,
  opts: { waitMs: number; signal?: AbortSignal },
): Promise<FinishedRequest | undefined> {
  const until = Date.now() + opts.waitMs;
  for (;;) {
    opts.signal?.throwIfAborted();
    const r = await target.exec(['sh', '-c', GREP, 'sh', String(fromOffset + 1), logPath, rid], {
      timeoutMs: 30_000,
    });
    const found = findFinishedRequest(r.stdout.toString('utf8'), rid);
    if (found || Date.now() >= until) return found;
    await new Promise((res) => setTimeout(res, 200));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

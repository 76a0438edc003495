import { splitConsoleLine } from './consoleLine';

// wandb announces a run's page on the console of the process that called wandb.init (with slime's
// --use-wandb, a Ray actor, so behind Ray's prefix): `wandb: 🚀 View run at <url>` when it starts and
// `wandb: 🚀 View run <name> at: <url>` when it finishes. Older releases print no emoji; --wandb-host
// points the link at a self-hosted server, so the host is not fixed.
const VIEW_RUN = /^wandb:\s+(?:\S+\s+)?View run\b.*?\sat:?\s+(https?:\/\/\S+)\s*$/u;

/** The W&B run page a console line announces, or null. Only http(s) links, so a line cannot inject a scheme. */
export function wandbRunUrl(line: string): string | null {
  const m = VIEW_RUN.exec(splitConsoleLine(line).body);
  if (!m) return null;
  try {
    const url = new URL(m[1]!);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

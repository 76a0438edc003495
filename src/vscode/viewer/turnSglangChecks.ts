import { toolsFromSystemPrompt } from '../../core/toolcall/systemPromptTools';
import { toolsFromJson } from '../../core/toolcall/tools';
import type { Profile, ToolSpec } from '../../core/toolcall/types';
import type { HostToViewer, SampleDetail, SglangCheckState } from '../../shared/protocol';
import type { BoxSession } from '../boxes/boxSession';
import type { BoxSglangChecks } from '../toolcall/boxSglangChecks';

/**
 * The viewer's "Check with the box's SGLang": the turn as the sample holds it (its tools, its cut by the
 * length limit) goes to the run's box, or a connected one, and each step is told to the webview.
 */
export class TurnSglangChecks {
  constructor(
    private readonly checks: BoxSglangChecks,
    private readonly post: (m: HostToViewer) => void,
  ) {}

  /** `run`: the sample, the profile its turns are read under and the box it lives on, if it is one. */
  async start(
    checkId: number,
    turn: number,
    run: { detail: () => Promise<SampleDetail>; profile: Profile; box: BoxSession | undefined },
  ): Promise<void> {
    const tell = (state: SglangCheckState) => this.post({ type: 'sglangCheck', checkId, state });
    let box: string | null = null;
    try {
      const d = await run.detail();
      const t = d.sample.turns[turn];
      if (t?.role !== 'assistant') throw new Error(`turn ${turn} is not an assistant turn`);
      const last = d.sample.turns.findLastIndex((x) => x.role === 'assistant');
      const outcome = await this.checks.check(
        {
          text: t.text,
          tools: offeredTools(d),
          profile: run.profile,
          ...(d.sample.status === 'truncated' && turn === last ? { finishReason: 'length' as const } : {}),
        },
        run.box,
        (b) => {
          box = b.label;
          tell({ phase: 'running', box });
        },
      );
      switch (outcome.kind) {
        case 'report':
          return tell({ phase: 'done', report: outcome.report });
        case 'problem':
          return tell({ phase: 'failed', box, message: outcome.message });
        case 'no-box':
          return tell({ phase: 'no-box' });
        case 'cancelled':
        case 'untrusted':
          return tell({ phase: 'cancelled' });
      }
    } catch (e) {
      tell({ phase: 'failed', box, message: (e as Error).message });
    }
  }
}

/** The sample's tools, else those its system prompt lists (the tau2 recipe's), as a replay offers them. */
function offeredTools(d: SampleDetail): ToolSpec[] | undefined {
  if (d.sample.tools !== undefined) {
    try {
      return toolsFromJson(d.sample.tools);
    } catch {
      // Unreadable tool definitions: SGLang is offered the call names, as for a record without tools.
      return undefined;
    }
  }
  const system = d.sample.turns[0]?.role === 'system' ? d.sample.turns[0].text : undefined;
  return system === undefined ? undefined : toolsFromSystemPrompt(system);
}

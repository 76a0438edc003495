// Reads Qwen3-Coder's XML call markup the way SGLang's Qwen3CoderDetector regexes do, keeping offsets:
//   <function=(.*?)</function>|<function=(.*)$
//   <parameter=(.*?)(?:</parameter>|(?=<parameter=)|(?=</function>)|$)
// `$` (no MULTILINE) also matches just before a final newline.

export const FUNCTION = '<function=';
const FUNCTION_END = '</function>';
const PARAMETER = '<parameter=';
const PARAMETER_END = '</parameter>';
/** A closer the model mistyped, at the end of an unclosed value, with the newline before it. */
const DRIFTED_CLOSER = /\n?<\/parameter[^<>\n]*>?$/;

export interface CoderParam {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
  valueEnd: number;
}

export interface CoderFunction {
  /** Offset of `<function=`. */
  start: number;
  /** End of the `<function=NAME>` tag, or of the body when it has no `>`. */
  tagEnd: number;
  /** undefined when the body has no `>`: SGLang skips such a function. */
  name: string | undefined;
  params: CoderParam[];
}

/**
 * The functions in text[from, to), as SGLang finds them in one block. `stripDrifted`: a value that no
 * `</parameter>` closes loses a mistyped closer at its end (`</parameter1>`, `</parameter`), as on SGLang's
 * main branch.
 */
export function readCoderFunctions(
  text: string,
  from: number,
  to: number,
  stripDrifted = false,
): CoderFunction[] {
  const out: CoderFunction[] = [];
  let pos = from;
  for (;;) {
    const f = text.indexOf(FUNCTION, pos);
    if (f === -1 || f + FUNCTION.length > to) return out;
    const nameStart = f + FUNCTION.length;
    const end = within(text.indexOf(FUNCTION_END, nameStart), FUNCTION_END, to);
    const bodyEnd = end ?? to;
    pos = end === undefined ? to : end + FUNCTION_END.length;
    const gt = text.indexOf('>', nameStart);
    if (gt === -1 || gt >= bodyEnd) {
      out.push({ start: f, tagEnd: bodyEnd, name: undefined, params: [] });
      continue;
    }
    out.push({
      start: f,
      tagEnd: gt + 1,
      name: text.slice(nameStart, gt),
      params: readParams(text, gt + 1, bodyEnd, stripDrifted),
    });
  }
}

function readParams(text: string, from: number, to: number, stripDrifted: boolean): CoderParam[] {
  const out: CoderParam[] = [];
  let pos = from;
  for (;;) {
    const p = text.indexOf(PARAMETER, pos);
    if (p === -1 || p + PARAMETER.length > to) return out;
    const s = p + PARAMETER.length;
    const closeAt = within(text.indexOf(PARAMETER_END, s), PARAMETER_END, to);
    const candidates = [
      closeAt,
      within(text.indexOf(PARAMETER, s), PARAMETER, to),
      within(text.indexOf(FUNCTION_END, s), FUNCTION_END, to),
      to > s && text[to - 1] === '\n' ? to - 1 : to,
    ];
    const k = Math.min(...candidates.filter((c): c is number => c !== undefined));
    pos = k === closeAt ? k + PARAMETER_END.length : k;
    const gt = text.indexOf('>', s);
    if (gt === -1 || gt >= k) continue;
    // SGLang strips one leading and one trailing newline from the value.
    let valueStart = gt + 1;
    let valueEnd = k;
    if (text[valueStart] === '\n' && valueStart < valueEnd) valueStart++;
    if (text[valueEnd - 1] === '\n' && valueEnd > valueStart) valueEnd--;
    if (stripDrifted && k !== closeAt) {
      const drifted = DRIFTED_CLOSER.exec(text.slice(valueStart, valueEnd));
      if (drifted !== null) valueEnd = valueStart + drifted.index;
    }
    out.push({
      name: text.slice(s, gt),
      nameStart: s,
      value: text.slice(valueStart, valueEnd),
      valueStart,
      valueEnd,
    });
  }
}

/** An indexOf result, if the whole token lies before `to`. */
function within(at: number, token: string, to: number): number | undefined {
  return at !== -1 && at + token.length <= to ? at : undefined;
}

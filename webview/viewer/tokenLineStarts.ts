/**
 * Where the token view's lines start: after every token that holds a newline, and every `maxTokens`
 * tokens within a line with no newline (a long JSON argument, say), so no line is too big to draw on its
 * own. Each start is a token index; the first is always 0 and the list is empty for no tokens.
 */
export function tokenLineStarts(
  pieces: readonly (string | undefined)[] | undefined,
  count: number,
  maxTokens: number,
): number[] {
  const starts: number[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    if (i === start) starts.push(i);
    if (pieces?.[i]?.includes('\n') || i + 1 - start >= maxTokens) start = i + 1;
  }
  return starts;
}

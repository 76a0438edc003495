/**
 * A diagnostic code's line style in the charts, fixed by its number so a code keeps its look across
 * runs and steps: the six chart colours, solid for TC001–TC006 and dashed for TC007–TC012, so no two of
 * the twelve codes look alike in the legend.
 */
export function codeStyle(code: string, palette: readonly string[]): { color: string; dash?: number[] } {
  const n = Number(/\d+$/.exec(code)?.[0] ?? 0);
  const i = Math.max(0, n - 1);
  const color = palette[i % palette.length] ?? palette[0] ?? '#888';
  return i < palette.length ? { color } : { color, dash: [6, 3] };
}

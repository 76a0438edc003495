/**
 * Where a value sits on [min, max], as one of `steps` levels (0 … steps - 1), for colour classes: the
 * webview's CSP forbids style attributes, so a dot's colour is a class per level, not a computed colour.
 * A range that is a single point puts every value in the middle level.
 */
export function level(value: number, min: number, max: number, steps: number): number {
  if (!(max > min)) return Math.floor((steps - 1) / 2);
  const t = (Math.min(max, Math.max(min, value)) - min) / (max - min);
  return Math.round(t * (steps - 1));
}

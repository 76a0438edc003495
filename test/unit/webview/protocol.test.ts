import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embedState } from '../../../src/shared/protocol';

describe('embedState', () => {
  it('never lets model text close the script element that carries the state', () => {
    const hostile = { content: '</script><script>alert(1)</script><!--', reasoning: '\u2028\u2029' };
    const embedded = embedState(hostile);
    expect(embedded).not.toMatch(/<\/?script/i);
    expect(embedded).not.toContain('<!--');
    expect(JSON.parse(embedded)).toEqual(hostile);
  });

  it('round-trips any JSON value and never contains "<"', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const embedded = embedState(value);
        expect(embedded.includes('<')).toBe(false);
        expect(JSON.parse(embedded)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

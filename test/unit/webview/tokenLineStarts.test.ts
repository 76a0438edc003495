import { describe, expect, it } from 'vitest';
import { tokenLineStarts } from '../../../webview/viewer/tokenLineStarts';

describe('tokenLineStarts', () => {
  it('starts a line after every token that holds a newline', () => {
    const pieces = ['The', ' order', '.\n', '<tool_call>', '\n', '{"', 'name', '"}\n\n', 'done'];
    expect(tokenLineStarts(pieces, pieces.length, 100)).toEqual([0, 3, 5, 8]);
  });

  it('cuts a line with no newline every maxTokens tokens', () => {
    const pieces = Array.from({ length: 10 }, () => 'x');
    expect(tokenLineStarts(pieces, 10, 4)).toEqual([0, 4, 8]);
    // The count restarts after a newline.
    expect(tokenLineStarts(['a', 'b\n', 'c', 'd', 'e', 'f', 'g'], 7, 3)).toEqual([0, 2, 5]);
  });

  it('cuts only by count without a tokenizer, and has no line for no tokens', () => {
    expect(tokenLineStarts(undefined, 5, 2)).toEqual([0, 2, 4]);
    expect(tokenLineStarts([], 0, 2)).toEqual([]);
    // A newline in the last token opens no empty line after it.
    expect(tokenLineStarts(['a\n'], 1, 8)).toEqual([0]);
  });
});

import { createScanner, type Node, type ParseError, type ParseErrorCode } from 'jsonc-parser';

// jsonc-parser's own parse, parseTree and getNodeValue recurse once per level of nesting, so a model that
// writes a few thousand `[` overflows the stack. This builds the same syntax tree from the same scanner with
// an explicit stack: any depth costs heap, never stack. It stops at the first syntax error, which is the
// error jsonc-parser reports first (checks happen in the same order), and has no error recovery.

export interface JsonTreeOptions {
  allowComments?: boolean;
  allowTrailingComma?: boolean;
}

export type JsonTree = { root: Node; error?: undefined } | { root?: undefined; error: ParseError };

// jsonc-parser's const enums, spelled out: its .d.ts declares them `const`, which isolated modules cannot read.
const T = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  comma: 5,
  colon: 6,
  null: 7,
  true: 8,
  false: 9,
  string: 10,
  number: 11,
  lineComment: 12,
  blockComment: 13,
  lineBreak: 14,
  trivia: 15,
  unknown: 16,
  eof: 17,
} as const;
const E = {
  invalidSymbol: 1,
  invalidNumberFormat: 2,
  propertyNameExpected: 3,
  valueExpected: 4,
  colonExpected: 5,
  commaExpected: 6,
  closeBraceExpected: 7,
  closeBracketExpected: 8,
  endOfFileExpected: 9,
  invalidCommentToken: 10,
  unexpectedEndOfComment: 11,
  unexpectedEndOfString: 12,
  unexpectedEndOfNumber: 13,
  invalidUnicode: 14,
  invalidEscapeCharacter: 15,
  invalidCharacter: 16,
} as const;
// Scanner errors (ScanError) to the parse errors jsonc-parser reports for them.
const SCAN_ERRORS: Record<number, number> = {
  1: E.unexpectedEndOfComment,
  2: E.unexpectedEndOfString,
  3: E.unexpectedEndOfNumber,
  4: E.invalidUnicode,
  5: E.invalidEscapeCharacter,
  6: E.invalidCharacter,
};

class Stop {
  constructor(readonly error: ParseError) {}
}

/** jsonc-parser's Node while it is being built (its own type is read-only). */
type Building = { -readonly [K in keyof Node]: Node[K] } & { parent?: Building; children?: Building[] };

interface Open {
  node: Building;
  needsComma: boolean;
}

/** The syntax tree of JSON text (jsonc-parser's Node shape, so its findNodeAtLocation reads it), or its first error. */
export function parseJsonTree(text: string, options: JsonTreeOptions = {}): JsonTree {
  const scanner = createScanner(text, false);
  const fail = (code: number): never => {
    throw new Stop({
      error: code as ParseErrorCode,
      offset: scanner.getTokenOffset(),
      length: scanner.getTokenLength(),
    });
  };
  const next = (): number => {
    for (;;) {
      const token = scanner.scan() as number;
      const scanError = SCAN_ERRORS[scanner.getTokenError() as number];
      if (scanError !== undefined && (scanError !== E.unexpectedEndOfComment || options.allowComments)) {
        fail(scanError);
      }
      if (token === T.lineComment || token === T.blockComment) {
        if (!options.allowComments) fail(E.invalidCommentToken);
      } else if (token === T.unknown) fail(E.invalidSymbol);
      else if (token !== T.trivia && token !== T.lineBreak) return token;
    }
  };
  const top: Building = { type: 'array', offset: -1, length: -1, children: [] };
  const stack: Open[] = [];
  let parent: Building = top;
  const end = (): number => scanner.getTokenOffset() + scanner.getTokenLength();
  const add = (node: Building): Building => {
    node.parent = parent;
    parent.children!.push(node);
    return node;
  };
  // A property is complete once its value is: its length then runs to the value's end.
  const completeProperty = (at: number): void => {
    if (parent.type !== 'property') return;
    parent.length = at - parent.offset;
    parent = parent.parent!;
  };
  /** Reads the value at the current token: false when there is none, true when done or opened. */
  const value = (token: number): boolean => {
    const offset = scanner.getTokenOffset();
    if (token === T.openBracket || token === T.openBrace) {
      parent = add({ type: token === T.openBracket ? 'array' : 'object', offset, length: -1, children: [] });
      stack.push({ node: parent, needsComma: false });
      next();
      return true;
    }
    let literal: string | number | boolean | null;
    if (token === T.string) literal = scanner.getTokenValue();
    else if (token === T.number) {
      literal = Number(scanner.getTokenValue());
      if (Number.isNaN(literal)) fail(E.invalidNumberFormat);
    } else if (token === T.null) literal = null;
    else if (token === T.true || token === T.false) literal = token === T.true;
    else return false;
    const type = literal === null ? 'null' : (typeof literal as 'string' | 'number' | 'boolean');
    add({ type, offset, length: scanner.getTokenLength(), value: literal });
    completeProperty(end());
    next();
    return true;
  };
  try {
    let token = next();
    if (token === T.eof || !value(token)) fail(E.valueExpected);
    while (stack.length > 0) {
      const open = stack[stack.length - 1]!;
      const array = open.node.type === 'array';
      const close = array ? T.closeBracket : T.closeBrace;
      token = scanner.getToken() as number;
      if (token === close || token === T.eof) {
        if (token !== close) fail(array ? E.closeBracketExpected : E.closeBraceExpected);
        open.node.length = end() - open.node.offset;
        stack.pop();
        parent = open.node.parent!;
        completeProperty(end());
        next();
        continue;
      }
      if (token === T.comma) {
        if (!open.needsComma) fail(E.valueExpected);
        token = next();
        if (token === close && options.allowTrailingComma) continue;
      } else if (open.needsComma) fail(E.commaExpected);
      open.needsComma = true;
      if (array) {
        if (!value(token)) fail(E.valueExpected);
        continue;
      }
      if (token !== T.string) fail(E.propertyNameExpected);
      const key = scanner.getTokenValue();
      const property = add({ type: 'property', offset: scanner.getTokenOffset(), length: -1, children: [] });
      parent = property;
      add({ type: 'string', value: key, offset: property.offset, length: scanner.getTokenLength() });
      if (next() !== T.colon) fail(E.colonExpected);
      property.colonOffset = scanner.getTokenOffset();
      if (!value(next())) fail(E.valueExpected);
    }
    if (scanner.getToken() !== T.eof) fail(E.endOfFileExpected);
  } catch (e) {
    if (e instanceof Stop) return { error: e.error };
    throw e;
  }
  const root = top.children![0]!;
  delete root.parent;
  return { root: root as Node };
}

/** The value a syntax tree stands for (jsonc-parser's getNodeValue, without recursion). */
export function nodeValue(root: Node): unknown {
  const values = new Map<Node, unknown>();
  const pending: { node: Node; visited: boolean }[] = [{ node: root, visited: false }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    const { node } = item;
    if (node.type !== 'array' && node.type !== 'object') {
      values.set(node, node.value);
      continue;
    }
    if (!item.visited) {
      item.visited = true;
      pending.push(item);
      for (const child of node.children ?? []) {
        const valueNode = node.type === 'object' ? child.children?.[1] : child;
        if (valueNode !== undefined) pending.push({ node: valueNode, visited: false });
      }
      continue;
    }
    if (node.type === 'array')
      values.set(
        node,
        (node.children ?? []).map((c) => values.get(c)),
      );
    else {
      const obj: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, valueNode] = property.children ?? [];
        // defineProperty, as JSON.parse does: an assignment to "__proto__" would set the prototype
        // instead of keeping the key (model output may well name a key so).
        if (key !== undefined && valueNode !== undefined)
          Object.defineProperty(obj, String(key.value), {
            value: values.get(valueNode),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      values.set(node, obj);
    }
  }
  return values.get(root);
}

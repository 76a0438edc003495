import { nothing } from 'lit';
import { Directive, PartType, directive } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';

/**
 * Sets one inline style property of the element it is bound to, through the CSSOM (the webview's CSP
 * blocks style attributes, and lit's styleMap writes the attribute on first render), and only when the
 * value changed since the last render, so re-rendering an unchanged element costs no style work.
 */
class CssomStyle extends Directive {
  private value: string | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssomStyle() belongs on an element');
  }

  render(_property: 'height' | 'transform', _value: string): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [property, value]: ['height' | 'transform', string]): typeof nothing {
    if (value !== this.value) {
      (part.element as HTMLElement).style[property] = value;
      this.value = value;
    }
    return nothing;
  }
}

export const cssomStyle = directive(CssomStyle);

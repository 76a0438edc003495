import { nothing } from 'lit';
import { Directive, PartType, directive } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';

/**
 * Sets computed styles of the element it is bound to through the CSSOM. The webview's CSP has no
 * 'unsafe-inline' for styles, so a `style` attribute (which lit's styleMap writes on first render) is
 * dropped; `el.style` is not. Only properties whose value changed since the last render are written, so
 * re-rendering an unchanged element (a table row while scrolling) costs no style work. Property names are
 * CSS's own (`flex-grow`, `padding-left`).
 */
class Cssom extends Directive {
  private last: Record<string, string> = {};

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssom() belongs on an element');
  }

  render(_styles: Record<string, string>): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [styles]: [Record<string, string>]): typeof nothing {
    const style = (part.element as HTMLElement).style;
    for (const name of Object.keys(this.last)) if (!(name in styles)) style.removeProperty(name);
    for (const [name, value] of Object.entries(styles))
      if (this.last[name] !== value) style.setProperty(name, value);
    this.last = { ...styles };
    return nothing;
  }
}

export const cssom = directive(Cssom);

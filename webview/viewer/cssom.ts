import { ref } from 'lit/directives/ref.js';

/**
 * Sets computed styles through the CSSOM. The webview's CSP has no 'unsafe-inline' for styles, so a
 * `style` attribute (which lit's styleMap writes on first render) is dropped; `el.style` is not.
 * Property names are CSS's own (`flex-grow`, `padding-left`).
 */
export const cssom = (styles: Record<string, string>) =>
  ref((el) => {
    if (!(el instanceof HTMLElement)) return;
    for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value);
  });

// acquireVsCodeApi() may be called once per webview; every module goes through this wrapper.
interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}

export function readInitialState<T>(id: string): T {
  const el = document.getElementById(id);
  if (!el?.textContent) throw new Error(`missing initial state #${id}`);
  return JSON.parse(el.textContent) as T;
}

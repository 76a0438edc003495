import type { HostToViewer, ViewerApi, ViewerMethod, ViewerToHost } from '../../src/shared/protocol';

/**
 * Requests to the host with ids and promises; responses resolve them. Everything the viewer shows is
 * pulled through here, so a test can drive the viewer with any host that speaks the protocol.
 */
export class ViewerClient {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly post: (m: ViewerToHost) => void) {}

  request<M extends ViewerMethod>(
    method: M,
    params: ViewerApi[M]['params'],
  ): Promise<ViewerApi[M]['result']> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'request', id, method, params } as ViewerToHost);
    });
  }

  /** Takes a response; true when the message was one. */
  handle(m: HostToViewer): boolean {
    if (m.type !== 'response') return false;
    const p = this.pending.get(m.id);
    if (!p) return true;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
    return true;
  }
}

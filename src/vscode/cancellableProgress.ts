import * as vscode from 'vscode';
import { isAbort, type WorkControl } from '../core/work/slicedWork';

/**
 * Long work in a notification with a percentage and a Cancel button. The work gets an AbortSignal
 * (aborted by Cancel) and reports units done out of a total; resolves undefined when it was cancelled.
 */
export async function withCancellableProgress<T>(
  title: string,
  work: (control: Required<WorkControl>, say: (message: string) => void) => Promise<T>,
): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      let shown = 0;
      let message: string | undefined;
      try {
        return await work(
          {
            signal: abort.signal,
            onProgress: (done, total) => {
              const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
              // withProgress adds increments up; only what is new since the last report goes.
              if (percent <= shown) return;
              progress.report({ increment: percent - shown, message: `${message ?? ''} ${percent}%`.trim() });
              shown = percent;
            },
          },
          (m) => {
            message = m;
            progress.report({ message: m });
          },
        );
      } catch (e) {
        if (isAbort(e) || abort.signal.aborted) return undefined;
        throw e;
      } finally {
        cancelled.dispose();
      }
    },
  );
}

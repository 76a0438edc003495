import { parsePrometheusText } from '../../core/infra/prometheusText';
import { sglangLoad } from '../../core/infra/sglangLoad';
import type { SglangLoad } from '../../core/infra/sglangLoad';

/** Thrown when the server serves no /metrics: it was started without --enable-metrics. */
export class NoMetricsError extends Error {}

/**
 * GET /metrics from a base URL such as a forward's, read as Prometheus text: what the server is doing
 * now. SGLang serves it only with --enable-metrics, and without an API key even when the server has one.
 */
export async function fetchSglangLoad(baseUrl: string, timeoutMs = 5_000): Promise<SglangLoad> {
  const url = `${baseUrl}/metrics`;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (response.status === 404)
    throw new NoMetricsError('No load figures: the server was started without --enable-metrics.');
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return sglangLoad(parsePrometheusText(text, url));
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sha256Hex } from '../common/hashing';
import { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  // Hashing first gives both sides one length, so the comparison itself leaks nothing.
  return match !== null && timingSafeEqual(Buffer.from(sha256Hex(match[1])), Buffer.from(sha256Hex(token)));
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/**
 * Answers a scrape: with `token` set only a matching `Authorization: Bearer` gets the figures (401
 * otherwise); without one (the metrics port, kept off the public network) every scrape does.
 */
export async function answerScrape(
  metrics: MetricsService,
  token: string | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (token !== null && !bearerMatches(req.headers.authorization, token)) {
    const body = JSON.stringify({ statusCode: 401, error: 'unauthorized', message: 'Send the metrics bearer token.' });
    return send(res, 401, 'application/json; charset=utf-8', body, { 'WWW-Authenticate': 'Bearer' });
  }
  try {
    const { contentType, body } = await metrics.exposition();
    send(res, 200, contentType, body);
  } catch {
    send(res, 503, 'text/plain; charset=utf-8', 'metrics unavailable\n');
  }
}

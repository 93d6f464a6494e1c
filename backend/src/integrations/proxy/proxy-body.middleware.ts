import type { NextFunction, Request, Response } from 'express';
import { API_PREFIX } from '../../common/api-prefix';
import { ProxyError, ProxyException } from './proxy.exception';

const PROXY_PATH = new RegExp(`^/${API_PREFIX}/integrations/[^/]+/proxy(/|$)`);

/** The caller's body exactly as sent, whatever its type; set only on proxy routes. */
export type ProxyRequest = Request & { proxyBody?: Buffer };

/**
 * Proxy routes take the body as bytes, not parsed: the provider must get exactly what the caller sent,
 * and up to PROXY_MAX_BODY_BYTES rather than the API's own JSON limit. Runs before the body parsers,
 * which then find the stream consumed and leave it alone.
 */
export function readProxyBodies(maxBodyBytes: number) {
  const tooLarge = () => new ProxyException(ProxyError.BodyTooLarge, `The request body is larger than ${maxBodyBytes} bytes.`);
  return (req: ProxyRequest, _res: Response, next: NextFunction): void => {
    if (!PROXY_PATH.test(req.path)) return next();
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      req.resume();
      return next(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) refused = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return next(tooLarge());
      req.proxyBody = Buffer.concat(chunks);
      next();
    });
    req.on('error', next);
  };
}

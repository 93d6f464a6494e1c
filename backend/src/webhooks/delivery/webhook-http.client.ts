import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { webhooksConfig } from '../webhooks.config';
import { AddressRefusedError, ResolvedAddress, resolveTarget } from './address-policy';

/**
 * How an attempt ended, as counted in `aurora_event_delivery_attempts_total`: a 2xx, any other answer or
 * network error, no answer within the timeout, or not sent because the address policy refused the URL.
 */
export type AttemptOutcome = 'delivered' | 'failed' | 'timeout' | 'refused';

/** What one attempt found out; `statusCode` is null when no response came. */
export interface AttemptResult {
  ok: boolean;
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

/** The start of a receiver's answer kept for the delivery log. */
export const RESPONSE_BODY_LIMIT = 1024;

/**
 * Posts one signed message. Only a 2xx counts; a redirect is reported, never followed (it could point
 * anywhere, including the private network). The address is resolved and checked at send time and the
 * socket connects to exactly that address.
 */
@Injectable()
export class WebhookHttpClient {
  constructor(@Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const started = Date.now();
    const failed = (
      outcome: Exclude<AttemptOutcome, 'delivered'>,
      error: string,
      statusCode: number | null = null,
      responseBody: string | null = null,
    ): AttemptResult => ({
      ok: false,
      outcome,
      statusCode,
      durationMs: Date.now() - started,
      error,
      responseBody,
    });
    const target = new URL(url);
    let address: ResolvedAddress;
    try {
      address = await resolveTarget(target.hostname, this.settings.publicHttpsOnly);
    } catch (error) {
      if (error instanceof AddressRefusedError) return failed('refused', `Not sent: ${error.message}`);
      throw error;
    }
    if (this.settings.publicHttpsOnly && target.protocol !== 'https:')
      return failed('refused', 'Not sent: the URL must use https');
    try {
      const response = await this.send(target, address, headers, body);
      const statusCode = response.statusCode;
      if (statusCode >= 200 && statusCode < 300) {
        return {
          ok: true,
          outcome: 'delivered',
          statusCode,
          durationMs: Date.now() - started,
          error: null,
          responseBody: response.body,
        };
      }
      const error =
        statusCode >= 300 && statusCode < 400
          ? `The receiver answered ${statusCode}; redirects are not followed`
          : `The receiver answered ${statusCode}`;
      return failed('failed', error, statusCode, response.body);
    } catch (error) {
      if ((error as Error).name === 'AbortError') return failed('timeout', `No answer within ${this.settings.timeoutMs} ms`);
      return failed('failed', (error as Error).message);
    }
  }

  private send(
    target: URL,
    address: ResolvedAddress,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ statusCode: number; body: string }> {
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [address]);
      else callback(null, address.address, address.family);
    };
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          lookup: pinned,
          signal: AbortSignal.timeout(this.settings.timeoutMs),
          agent: false,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
            size += chunk.length;
            // Enough to show the admin; the rest is not worth waiting for.
            if (size >= RESPONSE_BODY_LIMIT) res.destroy();
          });
          const done = () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
            });
          res.on('end', done);
          res.on('close', done);
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

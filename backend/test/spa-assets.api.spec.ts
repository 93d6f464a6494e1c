import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const INDEX = '<!doctype html><script type="module" src="/assets/app-B1x2y3z4.js"></script><div id="app"></div>';
const APP_JS = `console.log(${JSON.stringify('aurora '.repeat(200))});`;

/** A built SPA as `npm run build` lays it out: hashed files under assets/, each text file precompressed. */
function builtSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-spa-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  const write = (name: string, content: string, compressed = true) => {
    writeFileSync(join(dir, name), content);
    if (!compressed) return;
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(content));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(content));
  };
  write('index.html', INDEX);
  write('assets/app-B1x2y3z4.js', APP_JS);
  write('assets/logo-C5d6e7f8.png', 'not really a png', false);
  write('.vite/manifest.json', '{"index.html":{}}', false);
  return dir;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire, not decoded. */
  body: Buffer;
}

/** fetch() would decode the body; this shows what was actually sent. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`SPA files: precompressed by Accept-Encoding, immutable when hashed (${testDatabaseKind()})`, () => {
  let app: TestApp;
  const url = (path: string) => `${app.url}${path}`;

  before(async () => {
    app = await startTestApp({ env: { SPA_DIR: builtSpa() } });
  });
  after(() => app.close());

  it('sends the brotli variant to a browser, decoding to the same script, cached for a year', async () => {
    const res = await get(url('/assets/app-B1x2y3z4.js'), { 'accept-encoding': 'gzip, deflate, br, zstd' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers['content-type']), /^text\/javascript|^application\/javascript/);
    assert.match(String(res.headers.vary), /accept-encoding/i);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['accept-ranges'], undefined, 'no byte ranges of a compressed variant');
    assert.equal(brotliDecompressSync(res.body).toString(), APP_JS);
    assert.ok(res.body.length < APP_JS.length);
  });

  it('sends gzip to a client without br, and the file as it is to one naming neither', async () => {
    const gzip = await get(url('/assets/app-B1x2y3z4.js'), { 'accept-encoding': 'gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.body).toString(), APP_JS);

    for (const acceptEncoding of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get(url('/assets/app-B1x2y3z4.js'), acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      assert.equal(plain.headers['content-encoding'], undefined, String(acceptEncoding));
      assert.equal(plain.body.toString(), APP_JS);
      assert.match(String(plain.headers.vary), /accept-encoding/i, 'caches keep the variants apart');
      assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    }
  });

  it('keeps each variant apart for revalidation: its own ETag, answered 304', async () => {
    const br = await get(url('/assets/app-B1x2y3z4.js'), { 'accept-encoding': 'br' });
    const gzip = await get(url('/assets/app-B1x2y3z4.js'), { 'accept-encoding': 'gzip' });
    assert.ok(br.headers.etag && gzip.headers.etag);
    assert.notEqual(br.headers.etag, gzip.headers.etag);
    const again = await get(url('/assets/app-B1x2y3z4.js'), {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    assert.equal(again.status, 304);
  });

  it('serves index.html, and every deep link, compressed with no-cache so a new build shows at once', async () => {
    for (const path of ['/', '/index.html', '/integrations/hubspot', '/oauth/complete?flow=f1']) {
      const res = await get(url(path), { 'accept-encoding': 'br, gzip' });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['cache-control'], 'no-cache', path);
      assert.equal(res.headers['content-encoding'], 'br', path);
      assert.match(String(res.headers['content-type']), /^text\/html/, path);
      assert.match(String(res.headers.vary), /accept-encoding/i, path);
      assert.equal(brotliDecompressSync(res.body).toString(), INDEX, path);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/, `${path} keeps its CSP`);
    }
  });

  it('answers HEAD with the headers of the variant and no body', async () => {
    const res = await get(url('/assets/app-B1x2y3z4.js'), { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.body.length, 0);
  });

  it('sends a file without variants as it is, with no Vary, and keeps build metadata private', async () => {
    const logo = await get(url('/assets/logo-C5d6e7f8.png'), { 'accept-encoding': 'br, gzip' });
    assert.equal(logo.headers['content-encoding'], undefined);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.equal(logo.headers.vary, undefined);
    assert.equal(logo.body.toString(), 'not really a png');

    const manifest = await get(url('/.vite/manifest.json'));
    assert.match(String(manifest.headers['content-type']), /^text\/html/, 'the SPA answers, not the manifest');
    assert.equal(manifest.body.toString(), INDEX);
    const variant = await get(url('/assets/app-B1x2y3z4.js.br'));
    assert.equal(variant.body.toString(), INDEX, 'a variant is not a file of its own');
  });

  it('leaves API paths to the API', async () => {
    const res = await get(url('/api/v1/health'), { 'accept-encoding': 'br' });
    assert.match(String(res.headers['content-type']), /^application\/json/);
  });
});

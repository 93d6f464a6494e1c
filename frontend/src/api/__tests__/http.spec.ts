import { ApiError, onUnauthorized, parseRetryAfter, request } from '../http';
import { errorReply, installFetchMock } from '../../test-support/fetchMock';

describe('request', () => {
  afterEach(() => onUnauthorized(null));

  it('sends JSON with the same-origin credentials and returns the body', async () => {
    const fetchMock = installFetchMock().on('POST', '/things', { status: 201, body: { id: 'x' } });

    await expect(request('POST', '/things', { body: { a: 1 } })).resolves.toEqual({ id: 'x' });

    const [sent] = fetchMock.requests;
    expect(sent?.init.credentials).toBe('same-origin');
    expect(sent?.body).toEqual({ a: 1 });
    expect((sent?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns an error body into a typed ApiError', async () => {
    installFetchMock().on('POST', '/things', {
      ...errorReply(429, 'too_many_requests', 'Slow down'),
      headers: { 'Retry-After': '30' },
    });

    const error = await request('POST', '/things').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'too_many_requests', message: 'Slow down', retryAfter: 30 });
  });

  it('derives a code when the body has none, and reports network failures', async () => {
    const fetchMock = installFetchMock().on('GET', '/gone', { status: 404 });
    await expect(request('GET', '/gone')).rejects.toMatchObject({ status: 404, code: 'not_found' });

    fetchMock.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(request('GET', '/gone')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('reports a 401 as an expired session unless the caller expects it', async () => {
    installFetchMock().on('GET', '/private', errorReply(401, 'unauthorized'));
    const listener = jest.fn();
    onUnauthorized(listener);

    await expect(request('GET', '/private', { allowUnauthorized: true })).rejects.toBeInstanceOf(ApiError);
    expect(listener).not.toHaveBeenCalled();

    await expect(request('GET', '/private')).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('builds query strings without empty values', async () => {
    const fetchMock = installFetchMock().on('GET', '/contacts', { body: { data: [], nextCursor: null } });

    await request('GET', '/contacts', { query: { source: '', cursor: 'c 1', limit: 25 } });

    expect(String(fetchMock.fetch.mock.calls[0]?.[0])).toBe('/api/v1/contacts?cursor=c+1&limit=25');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

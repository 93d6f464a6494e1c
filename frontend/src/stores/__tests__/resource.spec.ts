import { ApiError } from '../../api/http';
import { useResource, useResources } from '../resource';

const refused = new ApiError(503, 'unavailable', 'Try later');

describe(useResource.name, () => {
  it('goes idle → loading → ready and answers the value', async () => {
    const resource = useResource(() => Promise.resolve(['a']), [] as string[]);
    expect(resource.state.value).toBe('idle');

    const loading = resource.load();
    expect(resource.state.value).toBe('loading');

    await expect(loading).resolves.toEqual(['a']);
    expect(resource.state.value).toBe('ready');
    expect(resource.data.value).toEqual(['a']);
  });

  it('keeps what is shown when a quiet refresh fails, and reports every failure to onError', async () => {
    const onError = jest.fn();
    const fetcher = jest.fn<Promise<string[]>, []>().mockResolvedValueOnce(['a']).mockRejectedValue(refused);
    const resource = useResource(fetcher, [], { onError });
    await resource.load();

    await expect(resource.load({ quiet: true })).resolves.toBeUndefined();
    expect(resource.state.value).toBe('ready');
    expect(resource.data.value).toEqual(['a']);
    expect(resource.error.value).toBeNull();

    await resource.load();
    expect(resource.state.value).toBe('error');
    expect(resource.error.value).toBe(refused);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('forgets everything on reset', async () => {
    const resource = useResource(() => Promise.reject(refused), 'initial');
    await resource.load();
    resource.reset();
    expect([resource.data.value, resource.state.value, resource.error.value]).toEqual(['initial', 'idle', null]);
  });
});

describe(useResources.name, () => {
  it('loads per key, and a quiet refresh of a shown key keeps it when it fails', async () => {
    let fail = false;
    const resources = useResources((key) => (fail ? Promise.reject(refused) : Promise.resolve(`detail of ${key}`)));
    await resources.load('a');
    fail = true;

    await resources.load('a', { quiet: true });
    await resources.load('b', { quiet: true });

    expect(resources.data.value).toEqual({ a: 'detail of a' });
    expect(resources.state.value).toEqual({ a: 'ready', b: 'error' });
    expect(resources.errors.value).toEqual({ b: refused });
  });
});

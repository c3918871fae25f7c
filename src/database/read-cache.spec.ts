import { loadConfig } from '../config/config.js';
import { makeScope } from '../gateway/request-context.js';
import { ReadCache } from './read-cache.js';

/** A cache whose change feed is (pretend) connected; no database involved. */
function connectedCache(): ReadCache {
  const cache = new ReadCache(loadConfig({ READ_CACHE_TTL_MS: '60000' }));
  cache.feedState(true); // stands in for a live change feed
  return cache;
}

const scope = makeScope('100000000001', 'ap-guangzhou');
const other = makeScope('100000000001', 'ap-shanghai');

describe('ReadCache', () => {
  it('serves a repeated read from memory until its scope is invalidated', async () => {
    const cache = connectedCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.read(scope, 'k', load)).toBe(1);
    expect(await cache.read(scope, 'k', load)).toBe(1);
    cache.invalidate(other);
    expect(await cache.read(scope, 'k', load)).toBe(1);
    cache.invalidate('100000000001/ap-guangzhou');
    expect(await cache.read(scope, 'k', load)).toBe(2);
  });

  it('does not keep a result whose read raced an invalidation', async () => {
    const cache = connectedCache();
    let release!: () => void;
    const slow = cache.read(
      scope,
      'k',
      () => new Promise<string>((r) => (release = () => r('stale'))),
    );
    await Promise.resolve();
    cache.invalidate(scope); // a write committed while the read was in flight
    release();
    expect(await slow).toBe('stale'); // the caller gets what it read...
    expect(await cache.read(scope, 'k', async () => 'fresh')).toBe('fresh'); // ...but nobody else does
  });

  it('never serves from memory while the change feed is down', async () => {
    const cache = new ReadCache(loadConfig({ READ_CACHE_TTL_MS: '60000' }));
    let loads = 0;
    await cache.read(scope, 'k', async () => ++loads);
    await cache.read(scope, 'k', async () => ++loads);
    expect(loads).toBe(2);
    expect(cache.enabled).toBe(false);
  });

  it('expires entries after the TTL', async () => {
    const cache = new ReadCache(loadConfig({ READ_CACHE_TTL_MS: '1' }));
    cache.feedState(true);
    let loads = 0;
    await cache.read(scope, 'k', async () => ++loads);
    await new Promise((r) => setTimeout(r, 5));
    await cache.read(scope, 'k', async () => ++loads);
    expect(loads).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

describe('Redis deployment configuration', () => {
  it('reads a Sentinel deployment: its sentinels, the monitored name, and replica acknowledgement on by default', () => {
    const config = loadConfig({ REDIS_SENTINELS: 'redis-a:26379, 10.0.0.12:26380,[::1]:26381', REDIS_SENTINEL_NAME: 'floor-1' });
    expect(config.redisSentinel).toEqual({
      name: 'floor-1',
      sentinels: [
        { host: 'redis-a', port: 26379 },
        { host: '10.0.0.12', port: 26380 },
        { host: '::1', port: 26381 },
      ],
    });
    expect(config.redisReplicaAckMs).toBe(1000);
  });

  it('keeps one Redis at REDIS_URL without replica acknowledgement unless asked', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6400' })).toMatchObject({ redisSentinel: undefined, redisReplicaAckMs: 0 });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6400', REDIS_REPLICA_ACK_MS: '250' }).redisReplicaAckMs).toBe(250);
  });

  it('refuses a sentinel list it cannot read, and REDIS_URL beside REDIS_SENTINELS, saying what to set', () => {
    expect(() => loadConfig({ REDIS_SENTINELS: 'redis-a:26379,redis-b' })).toThrow(/REDIS_SENTINELS: "redis-b" is not host:port; give host:port,host:port/);
    expect(() => loadConfig({ REDIS_SENTINELS: 'redis-a:99999' })).toThrow(/"redis-a:99999" is not host:port/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6400', REDIS_SENTINELS: 'redis-a:26379' })).toThrow(
      /REDIS_URL and REDIS_SENTINELS are both set; set one/,
    );
  });
});

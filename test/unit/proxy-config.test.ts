import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

describe('TRUST_PROXY', () => {
  it('names the proxies whose X-Forwarded-For is believed: ranges, addresses, subnets', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.5,10.1.0.0/16,fd00::/8' }).auth.trustProxy).toEqual(['loopback', '10.0.0.5', '10.1.0.0/16', 'fd00::/8']);
    expect(loadConfig({}).auth.trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '0' }).auth.trustProxy).toEqual([]);
  });

  it('refuses "1" (it would believe a forged header from anyone) and anything that is not an address, saying what to write', () => {
    for (const bad of ['1', 'true', 'proxy.local', '10.0.0.0/33', '10.0.0.1/8/2']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: name the proxies by address or subnet \(for example loopback/);
    }
  });
});

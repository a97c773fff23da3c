import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

describe('retention configuration', () => {
  it('keeps shift replay as long as calls unless told shorter, and never longer', () => {
    expect(loadConfig({}).replayRetentionDays).toBe(400);
    expect(loadConfig({ CALL_RETENTION_DAYS: '90' }).replayRetentionDays).toBe(90);
    expect(loadConfig({ REPLAY_RETENTION_DAYS: '30' }).replayRetentionDays).toBe(30);
    expect(loadConfig({ CALL_RETENTION_DAYS: '60', REPLAY_RETENTION_DAYS: '120' }).replayRetentionDays).toBe(60);
    expect(() => loadConfig({ REPLAY_RETENTION_DAYS: '0' })).toThrow(/REPLAY_RETENTION_DAYS/);
  });
});

import type { ReplayRecording } from '../../../shared/replay';
import { apiJson } from './api';

/** What happened from `from` for `hours` (GET /api/v1/replay). */
export function fetchReplay(from: number, hours: number, signal?: AbortSignal): Promise<ReplayRecording> {
  return apiJson<ReplayRecording>('GET', `/replay?from=${from}&hours=${hours}`, undefined, { signal });
}

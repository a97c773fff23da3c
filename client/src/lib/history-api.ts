import type { Call } from '../../../shared/call';
import type { HistoryPage } from '../../../shared/history';
import { apiJson } from './api';

/** One page of finished calls (GET /api/v1/calls); `query` from historyQuery. */
export function searchHistory(query: string, signal?: AbortSignal): Promise<HistoryPage> {
  return apiJson<HistoryPage>('GET', `/calls${query}`, undefined, { signal });
}

/** The whole call, with its timeline and notes. */
export function readCall(id: string, signal?: AbortSignal): Promise<Call> {
  return apiJson<Call>('GET', `/calls/${encodeURIComponent(id)}`, undefined, { signal });
}

/**
 * Reopens a finished call (supervisors): back to the queue, the reason on its timeline. Sent with
 * the version read, so a call someone else reopened or changed meanwhile is refused, not reopened twice.
 */
export function reopenCall(call: Pick<Call, 'id' | 'version'>, reason: string): Promise<Call> {
  return apiJson<Call>('PATCH', `/calls/${encodeURIComponent(call.id)}`, { status: 'pending', reason }, { ifMatch: call.version });
}

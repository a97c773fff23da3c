import type { ProfileResponse, ProfileStatus } from '../../../shared/profile';
import { apiJson } from './api';

/**
 * Safety profiles are fetched on demand, per call, and never cached: each view is a fresh,
 * audited request, and nothing of a profile outlives the panel that showed it.
 */
const base = (callId: string) => `/calls/${encodeURIComponent(callId)}/profile`;

/** Whether to offer the profile button; tells nothing about the profile itself. Polled, so not use. */
export const fetchProfileStatus = (callId: string, signal?: AbortSignal) =>
  apiJson<ProfileStatus>('GET', `${base(callId)}/status`, undefined, { signal, background: true });

export const fetchProfile = (callId: string, signal?: AbortSignal) => apiJson<ProfileResponse>('GET', base(callId), undefined, { signal });

/** Supervisors only: more time on the grant (or a new one once expired), with a reason for the audit. */
export const extendProfile = (callId: string, reason: string) =>
  apiJson<{ grant: { expiresAt: number; extendedBy?: string; reason?: string } }>('POST', `${base(callId)}/extend`, { reason });

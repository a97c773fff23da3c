import type { SignedIn, SignInInput } from '../../../shared/auth';
import { apiJson, ApiFailure } from './api';

/** Who is signed in on this browser, or null when no one is (401). Other failures throw. */
export async function fetchSession(signal?: AbortSignal): Promise<SignedIn | null> {
  try {
    return await apiJson<SignedIn>('GET', '/session', undefined, { signal, expect401: true });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return null;
    throw error;
  }
}

export const signIn = (input: SignInInput): Promise<SignedIn> => apiJson<SignedIn>('POST', '/session', input, { expect401: true });

/** Ends this browser's session (the cookie is cleared by the server). */
export const signOut = (): Promise<void> => apiJson<void>('DELETE', '/session', undefined, { expect401: true });

/** Ends every session of this user, on every workstation. */
export const signOutEverywhere = (): Promise<{ ended: number }> => apiJson<{ ended: number }>('DELETE', '/session/all', undefined, { expect401: true });

/** Any signed-in request pushes back the idle sign-out: the admin pages use this one (they have no socket). */
export const touchSession = (): Promise<SignedIn> => apiJson<SignedIn>('GET', '/session');

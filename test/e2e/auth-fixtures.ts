import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Role } from '../../shared/roles';
import { TEST_PASSWORD } from '../helpers/credentials';
import { base, uniqueTag } from './board-fixtures';

/**
 * Accounts and keys for the sign-in, wall and admin specs. The global setup's server creates
 * `admin` with TANDEM_ADMIN_PASSWORD (TEST_PASSWORD); everything else a spec needs it makes
 * through the admin API, with names of its own.
 */
export const PASSWORD = TEST_PASSWORD;

/** A browser context with no session at all (the specs' default is a signed-in supervisor). */
export const SIGNED_OUT = { cookies: [], origins: [] };

async function signInCookie(username: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${base()}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status, `sign-in as ${username}`).toBe(201);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

let adminCookie: Promise<string> | null = null;

/** The admin REST API, as `admin`. */
export async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  adminCookie ??= signInCookie('admin');
  const res = await fetch(`${base()}/api/v1/admin${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: await adminCookie, origin: base() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.ok, `${method} /admin${path}: ${res.status} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A new account with its own name. */
export async function createUser(role: Role, prefix: string = role): Promise<string> {
  const username = `${prefix}-${uniqueTag().toLowerCase()}`;
  await adminApi('POST', '/users', { username, role, password: PASSWORD });
  return username;
}

export const createKey = (kind: 'display' | 'ingest', name = `e2e ${uniqueTag()}`) =>
  adminApi<{ id: string; name: string; secret: string }>('POST', '/keys', { kind, name });

/** Signs in through the sign-in page, as a person would. */
export async function signInOnPage(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** A fresh browser context signed in as `username` (cookie set through the API). */
export async function contextAs(browser: Browser, username: string): Promise<BrowserContext> {
  const [name, value] = (await signInCookie(username)).split('=') as [string, string];
  const url = new URL(base());
  return browser.newContext({
    storageState: { cookies: [{ name, value, domain: url.hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }], origins: [] },
  });
}

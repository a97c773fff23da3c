import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Role } from '../../shared/roles';
import { credentialOutput, deliverCredentials, type CredentialOutput } from '../auth/bootstrap';
import type { AuthStack } from '../auth/create-auth';
import type { ProfileService } from '../profiles/profile-service';

const DEMO_USERS: { username: string; role: Role }[] = [
  { username: 'dispatcher', role: 'dispatcher' },
  { username: 'supervisor', role: 'supervisor' },
  { username: 'coordinator', role: 'coordinator' },
];

/**
 * The simulated city is a demo: on its first start it gets one account per workstation role and
 * a wall display key, so a newcomer can try every screen at once. Returns what to print on
 * stdout, or null when the accounts already exist (their password was handed over on that first
 * start). The password and the wall link reach the terminal only when stdout is one; otherwise
 * they go to the owner-only credentials file and the answer names only that file.
 */
export async function ensureDemoAccounts(stack: AuthStack, baseUrl: string, out: CredentialOutput = credentialOutput()): Promise<string | null> {
  const missing = [];
  for (const u of DEMO_USERS) if (!(await stack.auth.users.get(u.username))) missing.push(u);
  if (missing.length === 0) return null;
  const password = randomBytes(9).toString('base64url');
  for (const u of missing) await stack.ops.addUser('demo-setup', u.username, u.role, password);
  const { secret } = await stack.ops.createKey('demo-setup', 'display', 'demo wall');
  const names = missing.map((u) => u.username).join(', ');
  const text = [
    `Demo accounts (simulated city): ${names}; password ${password}`,
    `Demo wall display: ${baseUrl}/wall?key=${secret}`,
    '(shown once; manage accounts with npm run admin -- help)',
  ].join('\n');
  return deliverCredentials(text, `Demo accounts (simulated city): ${names}; their password and the demo wall display link were`, out);
}

/** The demo's sample households (fake people), imported once so calls from their phones show a profile. */
export async function ensureDemoProfiles(profiles: ProfileService, file = 'server/sim/sample-profiles.json'): Promise<string | null> {
  if ((await profiles.profiles.ids()).length > 0) return null;
  const records = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  const result = await profiles.importProfiles({ actor: 'demo-setup', role: 'admin', via: 'session', sessionId: null }, records);
  // The phones are fake (555-01xx) and not secret: a newcomer needs them to try a profile.
  const phones = records.flatMap((r) => ((r as { verifiedPhones?: unknown }).verifiedPhones as string[] | undefined)?.slice(0, 1) ?? []);
  return `Demo safety profiles: ${result.imported} households, phones ${phones.join(', ')}: a call from one of them sent by CAD (POST /api/v1/calls with an ingest key, or the simulator's calls) opens a time-limited profile; a number typed on the board does not.`;
}

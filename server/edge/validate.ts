import type { z } from 'zod';
import type { FieldIssue } from '../../shared/errors';
import { DomainError } from '../domain/errors';

/** Validates input with a shared schema; a refusal names every bad field and what it must be. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
  const first = issues[0]!;
  const summary = first.path === '(root)' ? first.message : `${first.path}: ${first.message}`;
  throw new DomainError('bad_request', `invalid ${what}: ${summary}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
}

/** Reads `If-Match: <version>` (bare or quoted, as in an ETag); undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) throw new DomainError('bad_request', 'If-Match must be the version number you last saw, e.g. If-Match: 7');
  return Number(m[1]);
}

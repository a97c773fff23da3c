import { describe, expect, it } from 'vitest';
import { homeFor, loginReason, loginUrl, parseRoute, redirectFor, safeNextPath } from '../../client/src/lib/routes';
import { ROLES } from '../../shared/roles';

describe('parseRoute', () => {
  it('names every page, forgiving a trailing slash', () => {
    expect(parseRoute('/')).toBe('home');
    expect(parseRoute('/login')).toBe('login');
    expect(parseRoute('/board')).toBe('board');
    expect(parseRoute('/board/')).toBe('board');
    expect(parseRoute('/coordinator')).toBe('coordinator');
    expect(parseRoute('/history')).toBe('history');
    expect(parseRoute('/wall')).toBe('wall');
    expect(parseRoute('/admin//')).toBe('admin');
  });

  it('does not guess at anything else', () => {
    expect(parseRoute('/boards')).toBe('unknown');
    expect(parseRoute('/admin/users')).toBe('unknown');
    expect(parseRoute('/BOARD')).toBe('unknown');
    expect(parseRoute('')).toBe('home');
  });
});

describe('where each role goes', () => {
  it('has a home per role', () => {
    expect(homeFor('wall')).toBe('/wall');
    expect(homeFor('admin')).toBe('/admin');
    expect(homeFor('dispatcher')).toBe('/board');
    expect(homeFor('supervisor')).toBe('/board');
    expect(homeFor('coordinator')).toBe('/coordinator');
  });

  it('keeps a wall display on the wall, whatever it asks for', () => {
    for (const route of ['home', 'board', 'coordinator', 'admin', 'unknown', 'login'] as const) {
      expect(redirectFor(route, 'wall')).toBe('/wall');
    }
    expect(redirectFor('wall', 'wall')).toBeNull();
  });

  it('shows reports to supervisors, coordinators and admins only', () => {
    expect(redirectFor('reports', 'supervisor')).toBeNull();
    expect(redirectFor('reports', 'coordinator')).toBeNull();
    expect(redirectFor('reports', 'admin')).toBeNull();
    expect(redirectFor('reports', 'dispatcher')).toBe('/board');
    expect(redirectFor('reports', 'wall')).toBe('/wall');
  });

  it('keeps call history from the wall and from admins, who read no calls', () => {
    expect(redirectFor('history', 'wall')).toBe('/wall');
    expect(redirectFor('history', 'admin')).toBe('/admin');
    expect(redirectFor('replay', 'wall')).toBe('/wall');
    expect(redirectFor('replay', 'admin')).toBe('/admin');
  });

  it('lets only admins on /admin, and everyone signed in preview the wall', () => {
    for (const role of ROLES) {
      expect(redirectFor('admin', role)).toBe(role === 'admin' ? null : homeFor(role));
      expect(redirectFor('wall', role)).toBeNull();
    }
  });

  it('lets workstation roles on the board; / and unknown paths go home', () => {
    for (const role of ['dispatcher', 'supervisor', 'coordinator'] as const) {
      expect(redirectFor('board', role)).toBeNull();
      expect(redirectFor('coordinator', role)).toBeNull();
      expect(redirectFor('history', role)).toBeNull();
      expect(redirectFor('replay', role)).toBeNull();
      expect(redirectFor('home', role)).toBe(homeFor(role));
      expect(redirectFor('unknown', role)).toBe(homeFor(role));
    }
  });

  it('keeps admins off the board and the coordinator screen (no caller data for account work); they may preview the wall', () => {
    expect(redirectFor('board', 'admin')).toBe('/admin');
    expect(redirectFor('coordinator', 'admin')).toBe('/admin');
    expect(redirectFor('wall', 'admin')).toBeNull();
  });
});

describe('safeNextPath', () => {
  it('keeps same-site paths with their query and hash', () => {
    expect(safeNextPath('/board')).toBe('/board');
    expect(safeNextPath('/admin#audit')).toBe('/admin#audit');
    expect(safeNextPath('/board?call=abc')).toBe('/board?call=abc');
    expect(safeNextPath('/wall/../admin')).toBe('/admin');
  });

  it('refuses anything that could leave the site', () => {
    for (const bad of [
      'https://evil.example/board',
      '//evil.example/board',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'board',
      ' /board',
      '/\t/evil.example',
      '/board\n',
      '',
      null,
      undefined,
      `/${'a'.repeat(600)}`,
    ]) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });

  it('never sends a sign-in back to the sign-in page', () => {
    expect(safeNextPath('/login')).toBeNull();
    expect(safeNextPath('/login?next=/board')).toBeNull();
  });
});

describe('loginUrl', () => {
  it('keeps where the user was going, but not the start page', () => {
    expect(loginUrl('/admin#keys')).toBe(`/login?next=${encodeURIComponent('/admin#keys')}`);
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/?x=1')).toBe('/login');
    expect(loginUrl(null)).toBe('/login');
  });

  it('says why, and drops an unsafe next', () => {
    expect(loginUrl('/board', 'session-ended')).toBe('/login?error=session-ended&next=%2Fboard');
    expect(loginUrl('//evil.example', 'signed-out')).toBe('/login?error=signed-out');
  });

  it('knows only its own reasons', () => {
    expect(loginReason('display-key')).toBe('display-key');
    expect(loginReason('session-ended')).toBe('session-ended');
    expect(loginReason('toString')).toBeNull();
    expect(loginReason('<script>')).toBeNull();
    expect(loginReason(null)).toBeNull();
  });
});

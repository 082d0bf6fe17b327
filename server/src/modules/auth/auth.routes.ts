import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '@kefu/shared/errors';
import { LoginRequest, SessionUser } from '@kefu/shared/schemas/staff';
import { IdParams } from '@kefu/shared/schemas/common';
import type { Api } from '../../platform/http.ts';
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from './session.store.ts';
import type { AuthService } from './auth.service.ts';

const UserResponse = z.object({ user: SessionUser });

export function authRoutes(api: Api, auth: AuthService, cookieSecure: 'auto' | 'true' | 'false'): void {
  const secure = (req: Request) => (cookieSecure === 'auto' ? req.secure : cookieSecure === 'true');
  const setCookie = (req: Request, res: Response, value: string, maxAge: number) =>
    res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge });

  api.route(
    { method: 'post', path: '/api/auth/login', summary: 'Log in; a new login ends the account’s earlier session', tag: 'auth', access: 'public', body: LoginRequest, response: UserResponse },
    async ({ body, req, res }) => {
      const { user, cookie } = await auth.login(body, req.ip ?? 'unknown');
      setCookie(req, res, cookie, SESSION_TTL_SECONDS * 1000);
      return { user };
    },
  );

  api.route({ method: 'post', path: '/api/auth/logout', summary: 'Log out', tag: 'auth', access: 'public', status: 204 }, async ({ req, res }) => {
    const current = await auth.userOf(req.cookies?.[SESSION_COOKIE]);
    if (current) await auth.logout(current.session, req.ip ?? null);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return undefined;
  });

  api.route(
    {
      method: 'post',
      path: '/api/staff/:id/unlock-login',
      summary: 'Lift the login lock of an account (every address that locked it) and its delay',
      tag: 'auth',
      access: ['supervisor'],
      params: IdParams,
      response: z.object({ unlockedAddresses: z.number().int() }),
    },
    ({ params, actor }) => auth.unlockLogin(params.id, actor),
  );

  api.route({ method: 'get', path: '/api/auth/me', summary: 'Who is logged in', tag: 'auth', access: 'public', response: UserResponse }, async ({ req }) => {
    const current = await auth.userOf(req.cookies?.[SESSION_COOKIE]);
    if (!current) throw new AppError('unauthenticated', 'Please log in first');
    return { user: current.user };
  });
}

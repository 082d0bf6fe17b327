import { SessionUser } from '@kefu/shared/schemas/staff';
import { api } from '../../lib/api.ts';

// Responses are parsed with the shared schemas, so a change in the server's shape fails
// loudly here instead of as a blank screen later.

export async function login(username: string, password: string): Promise<SessionUser> {
  const body = await api.post<{ user: unknown }>('/api/auth/login', { username, password });
  return SessionUser.parse(body.user);
}

export async function logout(): Promise<void> {
  await api.post<void>('/api/auth/logout');
}

export async function fetchMe(): Promise<SessionUser> {
  const body = await api.get<{ user: unknown }>('/api/auth/me');
  return SessionUser.parse(body.user);
}

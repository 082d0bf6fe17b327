import type { SessionUser } from '@kefu/shared/schemas/staff';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, setSessionLostHandler } from '../../lib/api.ts';
import * as authApi from './auth.api.ts';

export type AuthState =
  | { status: 'loading' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'anonymous'; sessionEnded: boolean }
  | { status: 'signedIn'; user: SessionUser };

interface AuthContextValue {
  state: AuthState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  retry(): void;
  /** Re-reads the signed-in user, e.g. after the supervisor edited their own account. */
  refreshUser(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    authApi.fetchMe().then(
      (user) => !cancelled && setState({ status: 'signedIn', user }),
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous', sessionEnded: false });
        else setState({ status: 'unreachable', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    setSessionLostHandler(() => setState({ status: 'anonymous', sessionEnded: true }));
    return () => setSessionLostHandler(undefined);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const user = await authApi.login(username, password);
    setState({ status: 'signedIn', user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch (error) {
      // Already signed out on the server is still signed out.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setState({ status: 'anonymous', sessionEnded: false });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const refreshUser = useCallback(async () => {
    const user = await authApi.fetchMe();
    setState({ status: 'signedIn', user });
  }, []);

  const value = useMemo(() => ({ state, login, logout, retry, refreshUser }), [state, login, logout, retry, refreshUser]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useSessionUser(): SessionUser {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useSessionUser needs a signed-in user');
  return state.user;
}

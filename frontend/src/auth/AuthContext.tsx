import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';
import { auth } from '../api/endpoints';
import { sessions } from '../api/instance';
import type { Session } from '../api/session';

/** Thrown by login when the account is valid but may not use the dashboard. */
export class NotSuperuserError extends Error {
  constructor(email: string) {
    super(
      `${email} is not a superuser. The SelfDB dashboard is for administrators only; ask one to grant you superuser rights.`,
    );
    this.name = 'NotSuperuserError';
  }
}

type AuthValue = {
  session: Session | null;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
};

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(sessions.subscribe, sessions.get);
  const queryClient = useQueryClient();

  const login = useCallback(async (email: string, password: string) => {
    const result = await auth.login(email, password);
    if (!result.is_superuser) {
      // Revoke the token pair at once: a non-superuser's login must leave nothing usable behind.
      await auth.logout(result.refresh_token).catch(() => {});
      throw new NotSuperuserError(result.email);
    }
    sessions.set({
      access_token: result.access_token,
      refresh_token: result.refresh_token,
      email: result.email,
      user_id: result.user_id,
      is_superuser: true,
    });
  }, []);

  const logout = useCallback(async () => {
    const current = sessions.get();
    sessions.set(null);
    queryClient.clear();
    if (current) await auth.logout(current.refresh_token).catch(() => {});
  }, [queryClient]);

  const value = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

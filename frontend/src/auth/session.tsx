// session.tsx loads the signed-in person once and shares them with every page,
// so the header, home page and role checks agree on who is signed in.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { getMe, setCsrfToken, type Me } from '../api';

export interface Session {
  /** me is the signed-in person; null when signed out, undefined while loading. */
  me: Me | null | undefined;
  /** error is set when /me could not be loaded at all (not a 401). */
  error: string | null;
  setMe(me: Me | null): void;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session>({
  me: undefined,
  error: null,
  setMe: () => {},
  refresh: async () => {},
});

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setMeState(await getMe());
      setError(null);
    } catch (err) {
      setMeState(null);
      setError(err instanceof Error ? err.message : 'Could not load your account');
    }
  }, []);

  const setMe = useCallback((next: Me | null) => {
    setCsrfToken(next ? next.csrf_token : null);
    setMeState(next);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ me, error, setMe, refresh }), [me, error, setMe, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}


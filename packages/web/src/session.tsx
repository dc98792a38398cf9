// Who is signed in: asks GET /auth/me once, then keeps the user in a context. Signing out clears the cookie.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, api, type User } from "./api.js";

/** The session as components see it. */
export interface Session {
  /** The user, null when signed out, undefined while the first check runs. */
  user: User | null | undefined;
  signIn(name: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Provides the session to the app. */
export function SessionProvider(props: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .me()
      .then((u) => live && setUser(u))
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.code === "UNAUTHENTICATED") setUser(null);
        else setUser(null);
      });
    return () => {
      live = false;
    };
  }, []);
  const signIn = useCallback(async (name: string, password: string) => {
    const r = await api.login(name, password);
    setUser(r.user);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);
  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

/** The current session (inside SessionProvider). */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

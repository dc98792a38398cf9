// Sign in with a name and password; goes back to the page that asked for it (?next=).
import { type FormEvent, useState } from "react";
import { useLocation, useSearch } from "wouter";
import { ApiError } from "../api.js";
import { useSession } from "../session.js";

/** The sign-in form. */
export function Login() {
  const { signIn } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(name, password);
      const next = new URLSearchParams(search).get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") && next !== "/login" ? next : "/");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card login" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
      <h1 id="login-title">Sign in to vox</h1>
      <label htmlFor="login-name">Name</label>
      <input
        id="login-name"
        name="name"
        autoComplete="username"
        required
        // biome-ignore lint/a11y/noAutofocus: the only task on this page is signing in
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor="login-password">Password</label>
      <input
        id="login-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

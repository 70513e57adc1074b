import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { postSetup, postSignIn } from "./session.ts";
import { clearOidcError, fetchOidcInfo, oidcLoginHref, readOidcError } from "./oidc.ts";
import type { OidcInfo } from "./oidc.ts";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { TextField } from "../ui/Field.tsx";

/**
 * The sign-in page shown for every route while no one is signed in. With a `setupToken` (the
 * one-time link printed at first start) it creates the first admin instead. When the runtime has
 * OIDC configured, a "Sign in with …" link starts the provider's sign-in; a refused one comes back
 * here with `?oidcError=<code>`, shown above the form.
 */
export function LoginPage({
  onSignedIn,
  setupToken,
}: {
  onSignedIn: () => void;
  setupToken?: string | undefined;
}) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(() => (setupToken ? null : readOidcError()));
  const [oidc, setOidc] = useState<OidcInfo>({ enabled: false });
  useEffect(() => {
    if (setupToken) return;
    clearOidcError();
    let live = true;
    void fetchOidcInfo().then((info) => live && setOidc(info));
    return () => {
      live = false;
    };
  }, [setupToken]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = setupToken
      ? await postSetup(setupToken, username, password)
      : await postSignIn(username, password);
    setBusy(false);
    if (result.ok) onSignedIn();
    else setError(result.message);
  };
  return (
    <div className="login">
      <form className="login-card" aria-labelledby="login-title" onSubmit={(e) => void submit(e)}>
        <div className="shell-brand">
          <span className="shell-logo" aria-hidden="true" />
          Flowstate
        </div>
        <h1 id="login-title">{setupToken ? "Create the first admin" : "Sign in"}</h1>
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={setUsername}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <ErrorAlert message={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Signing in…" : setupToken ? "Create admin and sign in" : "Sign in"}
        </button>
        {oidc.enabled && (
          <>
            <div className="login-or" aria-hidden="true">
              or
            </div>
            <a className="btn login-oidc" href={oidcLoginHref}>
              Sign in with {oidc.name}
            </a>
          </>
        )}
      </form>
    </div>
  );
}

/** What `GET /api/auth/oidc` answers: whether the runtime offers OIDC sign-in and the provider's label. */
export type OidcInfo = { enabled: false } | { enabled: true; name: string };

/** Where the "Sign in with …" link goes: a plain navigation, the runtime redirects to the provider. */
export const oidcLoginHref = "/api/auth/oidc/login";

export async function fetchOidcInfo(): Promise<OidcInfo> {
  try {
    const res = await fetch("/api/auth/oidc");
    if (!res.ok) return { enabled: false };
    const body = (await res.json()) as Partial<{ enabled: boolean; name: string }>;
    return body.enabled && typeof body.name === "string"
      ? { enabled: true, name: body.name }
      : { enabled: false };
  } catch {
    return { enabled: false };
  }
}

/** The message for `?oidcError=<code>` of a refused OIDC sign-in (the runtime's callback redirect). */
export function oidcErrorMessage(code: string): string {
  switch (code) {
    case "state":
      return "The sign-in expired or was started in another tab or browser. Please try again.";
    case "provider":
      return "The identity provider did not sign you in (cancelled or refused).";
    case "token":
      return "The identity provider's answer could not be verified. Please try again; if it persists, tell your administrator.";
    case "disabled":
      return "Your account is disabled. Ask an administrator.";
    case "unavailable":
      return "The identity provider cannot be reached right now. Please try again in a moment.";
    case "rate_limited":
      return "Too many sign-in attempts. Wait a minute and try again.";
    default:
      return "Single sign-on failed. Please try again.";
  }
}

/** The message for the `oidcError` in the address bar, if any. */
export function readOidcError(): string | null {
  const code = new URLSearchParams(window.location.search).get("oidcError");
  return code === null ? null : oidcErrorMessage(code.slice(0, 40));
}

/** Removes `oidcError` from the address bar (a reload does not show it again). */
export function clearOidcError(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("oidcError")) return;
  url.searchParams.delete("oidcError");
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
}

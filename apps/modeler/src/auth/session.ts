import type { RouterOutputs } from "../api/routerTypes.ts";

/** What `auth.me` answers: who is signed in, their roles and groups, the procedures they may call. */
export type Session = RouterOutputs["auth"]["me"];

/** The sign-in request: JSON (the runtime refuses other content types for cookie-authenticated posts). */
export async function postSignIn(
  username: string,
  password: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const res = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { ok: false, message: body?.error?.message ?? `sign-in failed (${res.status})` };
}

export async function postSignOut(): Promise<void> {
  await fetch("/api/auth/logout", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
}

/** The one-time setup link's form: creates the first admin and signs them in. */
export async function postSetup(
  token: string,
  username: string,
  password: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const res = await fetch("/api/auth/setup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, username, password }),
  });
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { ok: false, message: body?.error?.message ?? `setup failed (${res.status})` };
}

/** Changes the signed-in user's password (the current one is required); their other sessions are signed out. */
export async function postChangePassword(
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: true; revokedSessions: number } | { ok: false; message: string }> {
  const res = await fetch("/api/auth/password", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ currentPassword, newPassword }),
  });
  const body = (await res.json().catch(() => null)) as {
    revokedSessions?: number;
    error?: { message?: string };
  } | null;
  if (res.ok) return { ok: true, revokedSessions: body?.revokedSessions ?? 0 };
  return { ok: false, message: body?.error?.message ?? `the password was not changed (${res.status})` };
}

import type { RouterOutputs } from "../api/routerTypes.ts";

/** What `auth.me` answers: who is signed in, their roles and groups, the procedures they may call. */
export type Session = RouterOutputs["auth"]["me"];

type Refusal = { ok: false; message: string };

/** A POST to `/api/auth/<path>`, as JSON (the runtime refuses other content types for cookie-authenticated posts). */
function postAuth(path: string, body: object): Promise<Response> {
  return fetch(`/api/auth/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The answer's JSON body; null when it has none. */
async function bodyOf<T>(res: Response): Promise<(T & { error?: { message?: string } }) | null> {
  return (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
}

/** A refused request: the runtime's message, else "`failed` (status)". */
async function refusalOf(res: Response, failed: string): Promise<Refusal> {
  const body = await bodyOf(res);
  return { ok: false, message: body?.error?.message ?? `${failed} (${res.status})` };
}

async function outcomeOf(res: Response, failed: string): Promise<{ ok: true } | Refusal> {
  return res.ok ? { ok: true } : refusalOf(res, failed);
}

/** The sign-in request. */
export async function postSignIn(username: string, password: string): Promise<{ ok: true } | Refusal> {
  return outcomeOf(await postAuth("login", { username, password }), "sign-in failed");
}

export async function postSignOut(): Promise<void> {
  await postAuth("logout", {});
}

/** The one-time setup link's form: creates the first admin and signs them in. */
export async function postSetup(
  token: string,
  username: string,
  password: string,
): Promise<{ ok: true } | Refusal> {
  return outcomeOf(await postAuth("setup", { token, username, password }), "setup failed");
}

/** Changes the signed-in user's password (the current one is required); their other sessions are signed out. */
export async function postChangePassword(
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: true; revokedSessions: number } | Refusal> {
  const res = await postAuth("password", { currentPassword, newPassword });
  if (!res.ok) return refusalOf(res, "the password was not changed");
  const body = await bodyOf<{ revokedSessions?: number }>(res);
  return { ok: true, revokedSessions: body?.revokedSessions ?? 0 };
}

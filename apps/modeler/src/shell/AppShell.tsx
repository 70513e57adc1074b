import type { ReactNode } from "react";
import { Link } from "wouter";
import { HealthBadge } from "./HealthBadge.tsx";
import { UserMenu } from "../auth/UserMenu.tsx";
import { useSession } from "../auth/useSession.ts";

/** The main navigation: where, its name, and the procedure it lists (shown to those who may call it). */
const mainLinks: readonly { href: string; label: string; needs?: string }[] = [
  { href: "/processes", label: "Processes" },
  { href: "/tasks", label: "Tasks" },
  { href: "/audit", label: "Audit log", needs: "audit.list" },
  { href: "/webhooks", label: "Webhooks", needs: "webhook.list" },
  { href: "/users", label: "Users", needs: "user.list" },
  { href: "/api-keys", label: "API keys", needs: "apiKey.list" },
];

/** The frame around every page: product name, main navigation, system status. */
export function AppShell({ children }: { children: ReactNode }) {
  const { may } = useSession();
  return (
    <div className="shell">
      <header className="shell-header">
        <Link href="/" className="shell-brand" aria-label="Flowstate home">
          <span className="shell-logo" aria-hidden="true" />
          Flowstate
        </Link>
        <nav className="shell-nav" aria-label="Main">
          {mainLinks
            .filter((l) => l.needs === undefined || may(l.needs))
            .map((l) => (
              <Link key={l.href} href={l.href} className={(active) => (active ? "active" : "")}>
                {l.label}
              </Link>
            ))}
        </nav>
        <HealthBadge />
        <UserMenu />
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}

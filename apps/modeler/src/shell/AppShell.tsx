import type { ReactNode } from "react";
import { Link } from "wouter";
import { HealthBadge } from "./HealthBadge.tsx";
import { UserMenu } from "../auth/UserMenu.tsx";
import { useSession } from "../auth/useSession.ts";

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
          <Link href="/processes" className={(active) => (active ? "active" : "")}>
            Processes
          </Link>
          <Link href="/tasks" className={(active) => (active ? "active" : "")}>
            Tasks
          </Link>
          {may("audit.list") && (
            <Link href="/audit" className={(active) => (active ? "active" : "")}>
              Audit log
            </Link>
          )}
          {may("webhook.list") && (
            <Link href="/webhooks" className={(active) => (active ? "active" : "")}>
              Webhooks
            </Link>
          )}
          {may("user.list") && (
            <Link href="/users" className={(active) => (active ? "active" : "")}>
              Users
            </Link>
          )}
          {may("apiKey.list") && (
            <Link href="/api-keys" className={(active) => (active ? "active" : "")}>
              API keys
            </Link>
          )}
        </nav>
        <HealthBadge />
        <UserMenu />
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}

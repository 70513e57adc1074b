import type { ReactNode } from "react";
import { Link } from "wouter";
import { HealthBadge } from "./HealthBadge.tsx";

/** The frame around every page: product name, main navigation, system status. */
export function AppShell({ children }: { children: ReactNode }) {
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
        </nav>
        <HealthBadge />
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}

import { Fragment } from "react";
import type { ReactNode } from "react";
import { Link } from "wouter";

/**
 * A toolbar's breadcrumbs: "Processes", then each link of `trail`, then `children` (where you are),
 * with a separator screen readers skip between them.
 */
export function Breadcrumbs({
  trail,
  children,
}: {
  trail: readonly { href: string; label: ReactNode }[];
  children: ReactNode;
}) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <Link href="/processes">Processes</Link>
      {trail.map((step) => (
        <Fragment key={step.href}>
          <span aria-hidden="true">/</span>
          <Link href={step.href}>{step.label}</Link>
        </Fragment>
      ))}
      <span aria-hidden="true">/</span>
      {children}
    </nav>
  );
}

import type { ReactNode } from "react";

/**
 * A page: `section.page` named by its `h1`, the header's actions beside the title, an optional
 * breadcrumb line above and the intro (`muted`) below it.
 */
export function Page({
  id,
  title,
  actions,
  breadcrumbs,
  intro,
  wide = false,
  children,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: ReactNode;
  intro?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={wide ? "page page-wide" : "page"} aria-labelledby={id}>
      {breadcrumbs && <p className="breadcrumbs">{breadcrumbs}</p>}
      <div className="page-header">
        <h1 id={id}>{title}</h1>
        {actions}
      </div>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}

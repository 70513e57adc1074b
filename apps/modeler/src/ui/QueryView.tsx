import type { ReactNode } from "react";
import type { QueryState } from "../api/useQuery.ts";

/**
 * The states of a page's read, the same way everywhere: "Loading…", an alert naming what could not
 * be loaded, the `empty` text when `isEmpty` says so, else `children(data)`.
 */
export function QueryView<T>(props: {
  query: QueryState<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** What to show once loaded (nothing: the page shows the data elsewhere). */
  children?: (data: T) => ReactNode;
  /** A class the loading and error lines add (e.g. `page` where they stand alone). */
  className?: string;
}) {
  const { query } = props;
  const within = props.className ? `${props.className} ` : "";
  if (query.status === "loading") return <p className={`${within}muted`}>Loading…</p>;
  if (query.status === "error")
    return (
      <p role="alert" className={`${within}error`}>
        Could not load {props.what}: {query.error.message}
      </p>
    );
  if (props.isEmpty?.(query.data)) return <p className="muted">{props.empty}</p>;
  return <>{props.children?.(query.data)}</>;
}

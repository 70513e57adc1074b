import type { ReactNode } from "react";
import type { QueryState } from "../api/useQuery.ts";
import { QueryView } from "./QueryView.tsx";
import { NewerOlderPager } from "./CursorPager.tsx";
import type { CursorStack } from "./CursorPager.tsx";

/**
 * A data table: one column header per name; `actions` adds a last column whose header only screen
 * readers hear (the row's buttons). The rows are the children.
 */
export function Table({
  label,
  className,
  columns,
  actions,
  lead,
  children,
}: {
  label?: string;
  className?: string;
  columns: readonly string[];
  actions?: string;
  /** A first header cell before the named columns (e.g. a "select all" checkbox). */
  lead?: ReactNode;
  children: ReactNode;
}) {
  return (
    <table className={className ? `table ${className}` : "table"} aria-label={label}>
      <thead>
        <tr>
          {lead !== undefined && (
            <th scope="col" className="select-cell">
              {lead}
            </th>
          )}
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {actions && (
            <th scope="col">
              <span className="sr-only">{actions}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The row a table shows instead of rows when there are none. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

/** One page of a list read page by page. */
type CursorPage<T> = { items: readonly T[]; nextCursor: string | null };

/**
 * A list page's table over a read: "Loading…", what could not be loaded, the `empty` text when there
 * are no rows (if one is given), else one row per item (`children`). A read of pages (`items`,
 * `nextCursor`) gets the Newer / Older buttons of `pages` under the table.
 */
export function QueryTable<T>({
  query,
  what,
  empty,
  pages,
  children,
  ...table
}: {
  query: QueryState<readonly T[] | CursorPage<T>>;
  what: string;
  /** What an empty table says: what there is none of, and what to do next. */
  empty: ReactNode;
  pages?: CursorStack;
  label?: string;
  className?: string;
  columns: readonly string[];
  actions?: string;
  children: (item: T) => ReactNode;
}) {
  type Data = readonly T[] | CursorPage<T>;
  const itemsOf = (data: Data) => ("items" in data ? data.items : data);
  return (
    <QueryView<Data>
      query={query}
      what={what}
      isEmpty={(data: Data) => itemsOf(data).length === 0}
      empty={empty}
    >
      {(data) => (
        <>
          <Table {...table}>{itemsOf(data).map((item) => children(item))}</Table>
          {pages && "items" in data && <NewerOlderPager pages={pages} nextCursor={data.nextCursor} />}
        </>
      )}
    </QueryView>
  );
}

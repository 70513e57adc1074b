import type { ReactNode } from "react";

/**
 * A data table: one column header per name; `actions` adds a last column whose header only screen
 * readers hear (the row's buttons). The rows are the children.
 */
export function Table({
  label,
  className,
  columns,
  actions,
  children,
}: {
  label?: string;
  className?: string;
  columns: readonly string[];
  actions?: string;
  children: ReactNode;
}) {
  return (
    <table className={className ? `table ${className}` : "table"} aria-label={label}>
      <thead>
        <tr>
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

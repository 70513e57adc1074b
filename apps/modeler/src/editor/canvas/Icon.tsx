/** The small line icons of the canvas and palette (24×24 viewBox, stroke = currentColor). */
const paths = {
  manual: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
  automatic:
    "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0-11v2m0 12v2m8-8h-2M6 12H4m13.66-5.66-1.41 1.41M7.75 16.25l-1.41 1.41m11.32 0-1.41-1.41M7.75 7.75 6.34 6.34",
  clock: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-13v4l3 2",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v4m8-4v4",
  lock: "M6 11h12v9H6zm3 0V8a3 3 0 0 1 6 0v3",
  migration: "M3 12h11m-4-4 4 4-4 4M15 4h5v16h-5",
  state: "M3 5h18v14H3zM3 9h18",
  and: "M12 3l9 9-9 9-9-9zM12 8v8m-4-4h8",
  or: "M12 3l9 9-9 9-9-9zm0 5.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7",
  finalizer: "M12 20a8 8 0 1 0 0-16 8 8 0 0 0 0 16z",
  undo: "M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3",
  redo: "m15 14 5-5-5-5m5 5H10a6 6 0 0 0 0 12h3",
  layout: "M4 4h6v6H4zm10 0h6v6h-6zM4 14h6v6H4zm10 3h6",
  search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zm9 3-4.35-4.35",
  download: "M12 4v11m-5-5 5 5 5-5M5 20h14",
  compensate: "M4 12a8 8 0 1 0 3-6.2M4 4v5h5",
  warning: "M12 4 2 20h20zm0 6v4m0 3v.5",
  error: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9 9l6 6m0-6-6 6",
  fit: "M4 9V4h5m6 0h5v5m0 6v5h-5m-6 0H4v-5",
  fitSelection: "M4 9V4h5m6 0h5v5m0 6v5h-5m-6 0H4v-5M9 9h6v6H9z",
  changeKind: "M7 4 3 8l4 4M3 8h14m0 12 4-4-4-4m4 4H7",
  connect: "M5 19 19 5m0 0h-8m8 0v8",
  delete: "M4 7h16m-10 4v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3",
  keyboard: "M3 6h18v12H3zm4 4h.01M11 10h.01M15 10h.01M8 14h8",
  zoomState: "M4 9V4h5m6 0h5v5m0 6v5h-5m-6 0H4v-5M7 8h10v8H7zm0 3h10",
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 14, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? "img" : undefined}
    >
      {title && <title>{title}</title>}
      <path d={paths[name]} />
    </svg>
  );
}

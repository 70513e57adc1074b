import { useState } from "react";

/** Cursor paging state: the stack holds the cursors of the pages before this one. */
export function useCursorStack() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    atFirst: cursors.length === 0,
    /** 1 for the first page. */
    page: cursors.length + 1,
    newer: () => setCursors((c) => c.slice(0, -1)),
    older: (next: string) => setCursors((c) => [...c, next]),
    reset: () => setCursors([]),
  };
}
export type CursorStack = ReturnType<typeof useCursorStack>;

/** "Newer" / "Older" buttons of a newest-first list read page by page. */
export function NewerOlderPager({ pages, nextCursor }: { pages: CursorStack; nextCursor: string | null }) {
  return (
    <div className="pager">
      <button type="button" className="btn" disabled={pages.atFirst} onClick={pages.newer}>
        Newer
      </button>
      <button
        type="button"
        className="btn"
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.older(nextCursor)}
      >
        Older
      </button>
    </div>
  );
}

/** "Previous" / "Page n" / "Next" of a list read page by page (`label` names the navigation). */
export function PreviousNextPager({
  pages,
  nextCursor,
  label,
}: {
  pages: CursorStack;
  nextCursor: string | null;
  label: string;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="btn btn-small" disabled={pages.atFirst} onClick={pages.newer}>
        Previous
      </button>
      <span className="muted small" aria-live="polite">
        Page {pages.page}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.older(nextCursor)}
      >
        Next
      </button>
    </nav>
  );
}

import { useState } from "react";

/** Cursor paging state: the stack holds the cursors of the pages before this one. */
export function useCursorStack() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    atFirst: cursors.length === 0,
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

import { useState } from "react";
import type { ReactNode } from "react";

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

/** The back and forward buttons over a cursor stack, with what stands between them. */
function CursorButtons(props: {
  pages: CursorStack;
  nextCursor: string | null;
  back: string;
  forward: string;
  className: string;
  children?: ReactNode;
}) {
  const { pages, nextCursor } = props;
  return (
    <>
      <button type="button" className={props.className} disabled={pages.atFirst} onClick={pages.newer}>
        {props.back}
      </button>
      {props.children}
      <button
        type="button"
        className={props.className}
        disabled={!nextCursor}
        onClick={() => nextCursor && pages.older(nextCursor)}
      >
        {props.forward}
      </button>
    </>
  );
}

/** "Newer" / "Older" buttons of a newest-first list read page by page. */
export function NewerOlderPager({ pages, nextCursor }: { pages: CursorStack; nextCursor: string | null }) {
  return (
    <div className="pager">
      <CursorButtons pages={pages} nextCursor={nextCursor} back="Newer" forward="Older" className="btn" />
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
      <CursorButtons
        pages={pages}
        nextCursor={nextCursor}
        back="Previous"
        forward="Next"
        className="btn btn-small"
      >
        <span className="muted small" aria-live="polite">
          Page {pages.page}
        </span>
      </CursorButtons>
    </nav>
  );
}

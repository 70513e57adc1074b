import type { ControlKind } from "./notationKinds";

/**
 * The drawing of a control node in a 48×48 box: `and` (diamond with +), `or` (diamond with ○),
 * `finalizer` (thick circle), the compensation arrow when it compensates. Styled by `.fs-control-shape`
 * (tokens.css colours); the canvas node and the notation samples draw this one shape.
 */
export function ControlShape({ kind, compensates = false }: { kind: ControlKind; compensates?: boolean }) {
  return (
    <>
      {kind === "finalizer" ? (
        <circle cx="24" cy="24" r="19" />
      ) : (
        <>
          <path d="M24 3 45 24 24 45 3 24Z" />
          {kind === "and" ? (
            <path d="M24 14v20M14 24h20" className="glyph" />
          ) : (
            <circle cx="24" cy="24" r="8" className="glyph" />
          )}
        </>
      )}
      {compensates && <path d="M17 27a7 7 0 1 0 2-8m-2-3v4h4" className="glyph" />}
    </>
  );
}

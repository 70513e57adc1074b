import { Fragment, useEffect, useMemo, useState } from "react";
import { dateTimeText, explanationParts } from "@flowstate/engine";
import type { Explanation } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { reasonElements } from "./reasonElements.ts";

/**
 * One explanation as its sentence, worded as the API's `summary` (the same `explanationParts`, the
 * same moments by `dateTimeText` from the instance's history), with each reason a button: hovering
 * or focusing it highlights on the canvas the elements it names (`reasonElements`), a click keeps
 * them highlighted until clicked again.
 */
export function ExplanationReasons({
  model,
  explanation,
  history,
  onHighlight,
}: {
  model: ProcessModel;
  explanation: Explanation;
  history: readonly { seq: number; at: string | Date }[];
  onHighlight: (ids: string[]) => void;
}) {
  const parts = useMemo(() => {
    const moments = new Map(history.map((h) => [h.seq, dateTimeText(h.at)]));
    return explanationParts(model, explanation, { seq: (seq) => moments.get(seq), time: dateTimeText });
  }, [model, explanation, history]);
  const [hovered, setHovered] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const shown = hovered ?? pinned;
  const reason = shown !== null ? parts.clauses[shown]?.reason : undefined;
  const ids = useMemo(
    () => (reason ? reasonElements(model, explanation.nodeId, reason) : []),
    [model, explanation.nodeId, reason],
  );
  useEffect(() => {
    onHighlight(ids);
  }, [ids, onHighlight]);
  useEffect(() => () => onHighlight([]), [onHighlight]);
  return (
    <p className="small operate-why" aria-label="Explanation">
      {parts.headline}
      {parts.clauses.length > 0 && ": "}
      {parts.clauses.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && "; "}
          <button
            type="button"
            className="operate-reason"
            aria-pressed={pinned === i}
            title="Show on the canvas what this names"
            onMouseEnter={() => setHovered(i)}
            onMouseLeave={() => setHovered(null)}
            onFocus={() => setHovered(i)}
            onBlur={() => setHovered(null)}
            onClick={() => setPinned(pinned === i ? null : i)}
          >
            {c.text}
          </button>
        </Fragment>
      ))}
    </p>
  );
}

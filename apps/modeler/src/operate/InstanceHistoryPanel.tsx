import { dateTimeText } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { useMemo } from "react";
import { describeHistoryEntry } from "./describeHistoryEntry.ts";
import { occurrenceNodes } from "./occurrenceNodes.ts";
import type { InstanceData } from "./loadInstance.ts";

/** The history timeline; every accepted event is a point to travel back to. */
export function InstanceHistoryPanel({
  data,
  model,
  atSeq,
  onTravel,
}: {
  data: InstanceData;
  model: ProcessModel;
  atSeq: number | null;
  onTravel: (seq: number | null) => void;
}) {
  const nodes = useMemo(() => occurrenceNodes(data.history), [data.history]);
  return (
    <ol className="operate-timeline" aria-label="History">
      {data.history.map((h) => {
        const d = describeHistoryEntry(model, h, nodes);
        const future = atSeq !== null && h.seq > atSeq;
        return (
          <li
            key={h.id}
            className={`timeline-entry ${d.isEvent ? "is-event" : ""} ${future ? "is-future" : ""}`}
          >
            <span className="timeline-seq mono">{h.seq}</span>
            <span className="timeline-text">
              {d.text}
              <span className="muted small"> {dateTimeText(h.at)}</span>
            </span>
            {d.isEvent && (
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => onTravel(h.seq)}
                aria-label={`Travel to ${h.seq}: ${d.text}`}
              >
                View
              </button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

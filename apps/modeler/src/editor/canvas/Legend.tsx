import { useState } from "react";
import type { ConnectKind } from "@flowstate/model";
import { connectKindLabels } from "../model/ConnectKind";
import { LineSample, NodeSample } from "../notation/NotationSample";

const lineKinds: readonly ConnectKind[] = ["flow", "failure", "limit", "not", "transition"];

/** Explains the notation: line kinds and node shapes (the palette's pictures). Collapsible. */
export function Legend() {
  const [open, setOpen] = useState(true);
  return (
    <section className="fs-legend" aria-label="Legend">
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Legend
      </button>
      {open && (
        <ul>
          {lineKinds.map((kind) => (
            <li key={kind}>
              <LineSample kind={kind} width={40} />
              {connectKindLabels[kind].toLowerCase()}
              {kind === "failure" ? " ✕" : ""}
            </li>
          ))}
          <li>
            <NodeSample kind="and" size={12} /> and · <NodeSample kind="or" size={12} /> or ·{" "}
            <NodeSample kind="finalizer" size={12} /> finalizer
          </li>
        </ul>
      )}
    </section>
  );
}

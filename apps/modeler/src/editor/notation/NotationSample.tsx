import type { ConnectKind } from "@flowstate/model";
import { lineStyles } from "@flowstate/diagram";
import { Icon } from "../canvas/Icon";
import { ControlShape } from "./ControlShape";
import type { NotationNodeKind } from "./notationKinds";

/**
 * A short line of `kind` as the canvas draws it: the canvas's own classes (`fs-edge-<kind>`,
 * `fs-arrow-<kind>`: dash, width and tokens.css colour) and the diagram package's arrow head
 * (`lineStyles`), drawn inline so it needs no marker defined elsewhere on the page.
 */
export function LineSample({ kind, width = 36 }: { kind: ConnectKind; width?: number }) {
  const head = lineStyles[kind].marker;
  const k = head.size / 10;
  return (
    <svg className="notation-line" width={width} height="12" viewBox={`0 0 ${width} 12`} aria-hidden="true">
      <path className={`fs-edge fs-edge-${kind}`} d={`M1 6H${width - 1 - (head.open ? 1 : head.size / 2)}`} />
      <path
        className={`fs-arrow fs-arrow-${kind}`}
        d={head.path}
        transform={`translate(${width - 1 - head.size} ${6 - head.size / 2}) scale(${k})`}
      />
    </svg>
  );
}

/** A small picture of a node kind: the canvas's control shape, or a tiny action or state box. */
export function NodeSample({ kind, size = 18 }: { kind: NotationNodeKind; size?: number }) {
  if (kind === "and" || kind === "or" || kind === "finalizer")
    return (
      <span
        className={`notation-node fs-control kind-${kind}`}
        style={{ width: size, height: size }}
        aria-hidden="true"
      >
        <svg viewBox="0 0 48 48" className="fs-control-shape">
          <ControlShape kind={kind} />
        </svg>
      </span>
    );
  if (kind === "state") return <span className="notation-node notation-state" aria-hidden="true" />;
  return (
    <span className={`notation-node notation-action mode-${kind}`} aria-hidden="true">
      <Icon name={kind} size={10} />
    </span>
  );
}

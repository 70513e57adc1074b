import { lineStyles, LINE_STYLE_KINDS } from "@flowstate/diagram";

/**
 * Arrow heads per line kind, referenced by `LineEdge` as `url(#fs-arrow-<kind>)`: the diagram
 * package's heads (`lineStyles`), painted by the canvas's `fs-arrow-<kind>` classes.
 */
export function EdgeMarkers() {
  return (
    <svg className="fs-edge-markers" aria-hidden="true">
      <defs>
        {LINE_STYLE_KINDS.map((k) => (
          <marker
            key={k}
            id={`fs-arrow-${k}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth={lineStyles[k].marker.size}
            markerHeight={lineStyles[k].marker.size}
            orient="auto-start-reverse"
            markerUnits="userSpaceOnUse"
          >
            <path d={lineStyles[k].marker.path} className={`fs-arrow fs-arrow-${k}`} />
          </marker>
        ))}
      </defs>
    </svg>
  );
}

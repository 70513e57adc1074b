/** Arrow heads per line kind, referenced by `LineEdge` as `url(#fs-arrow-<kind>)`. */
export function EdgeMarkers() {
  const kinds = ["flow", "failure", "limit", "not", "transition"] as const;
  return (
    <svg className="fs-edge-markers" aria-hidden="true">
      <defs>
        {kinds.map((k) => (
          <marker
            key={k}
            id={`fs-arrow-${k}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth={k === "transition" ? 11 : 9}
            markerHeight={k === "transition" ? 11 : 9}
            orient="auto-start-reverse"
            markerUnits="userSpaceOnUse"
          >
            <path
              d={k === "limit" || k === "not" ? "M1 1 9 5 1 9" : "M0 0 10 5 0 10Z"}
              className={`fs-arrow fs-arrow-${k}`}
            />
          </marker>
        ))}
      </defs>
    </svg>
  );
}

/** A node's name as the scene wrapped it: one span per line (the level of detail lets them flow together). */
export function NameLines({ lines }: { lines: readonly string[] }) {
  return lines.map((line, i) => (
    <span key={i} className="fs-name-line">
      {i > 0 ? " " : ""}
      {line}
    </span>
  ));
}

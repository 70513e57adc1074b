import type { ProcessModel } from "@flowstate/model";

/** Elements whose name (or action code / handler) contains the query, best matches first. */
export function findElements(
  model: ProcessModel,
  query: string,
): { id: string; name: string; type: string }[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const all = [
    ...model.states.map((s) => ({ id: s.id, name: s.name, type: "state", extra: "" })),
    ...model.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      type: n.kind === "action" ? `${n.mode} action` : n.kind,
      extra: n.kind === "action" ? `${n.code ?? ""} ${n.handler ?? ""}` : "",
    })),
  ];
  const scored = all
    .map((e) => {
      const name = e.name.toLowerCase();
      const score =
        name === q
          ? 0
          : name.startsWith(q)
            ? 1
            : name.includes(q)
              ? 2
              : e.extra.toLowerCase().includes(q)
                ? 3
                : -1;
      return { ...e, score };
    })
    .filter((e) => e.score >= 0);
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.map(({ id, name, type }) => ({ id, name, type }));
}

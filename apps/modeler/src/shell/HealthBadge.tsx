import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";

/** Shows which database the runtime uses and whether it is healthy. */
export function HealthBadge() {
  const health = useQuery("health", () => trpc.health.get.query());
  if (health.status === "loading") return <span className="badge">connecting…</span>;
  if (health.status === "error")
    return (
      <span className="badge badge-danger" role="status">
        runtime unreachable
      </span>
    );
  const h = health.data;
  return (
    <span
      className={h.ok ? "badge badge-ok" : "badge badge-danger"}
      role="status"
      title={`version ${h.version}`}
    >
      {h.ok ? "connected" : "unhealthy"} · {h.database}
    </span>
  );
}

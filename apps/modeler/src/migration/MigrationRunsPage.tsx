import { dateTimeText } from "@flowstate/engine";
import { ProcessName } from "../ui/ProcessName.tsx";
import { Link } from "wouter";
import { trpc } from "../api/trpc";
import { useQuery } from "../api/useQuery";
import { StatusBadge } from "../ui/StatusBadge";
import { useSession } from "../auth/useSession";
import "./migration.css";
import { Page } from "../ui/Page.tsx";
import { QueryTable } from "../ui/Table.tsx";

const versionsOf = (sourceVersions: Record<string, number>) =>
  Object.values(sourceVersions)
    .sort((a, b) => a - b)
    .map((n) => `v${n}`)
    .join(", ");

/** `/processes/:key/migrations`: the migration runs of a process, newest first. */
export function MigrationRunsPage({ params }: { params: { key: string } }) {
  const key = decodeURIComponent(params.key);
  const base = `/processes/${encodeURIComponent(key)}`;
  const { may } = useSession();
  const runs = useQuery(`migration-runs:${key}`, () => trpc.migration.list.query({ processKey: key }));
  return (
    <Page
      id="runs-title"
      title="Migrations"
      breadcrumbs={
        <>
          <Link href="/processes">Processes</Link> /{" "}
          <Link href={base}>
            <ProcessName processKey={key} />
          </Link>{" "}
          / Migrations
        </>
      }
      actions={
        may("migration.create") && (
          <Link className="btn btn-primary" href={`${base}/migrations/new`}>
            New migration
          </Link>
        )
      }
    >
      <QueryTable
        query={runs}
        what="the migrations"
        empty="No migration has been run for this process yet. Publish a newer version, then move running instances to it with “New migration”."
        label="Migration runs"
        columns={["Created", "From → to", "Status", "Instances", "Done", "Failed"]}
        actions="Open"
      >
        {(run) => (
          <tr key={run.id}>
            <td className="muted">{dateTimeText(run.createdAt)}</td>
            <td>
              {versionsOf(run.sourceVersions)} → v{run.targetVersion}
            </td>
            <td>
              <StatusBadge status={run.status} />
            </td>
            <td>{run.total}</td>
            <td>{run.done}</td>
            <td className={run.failed > 0 ? "error" : undefined}>{run.failed}</td>
            <td>
              <div className="cell-actions">
                <Link
                  className="btn btn-small"
                  href={`/migrations/${run.id}`}
                  aria-label={`Open the migration of ${dateTimeText(run.createdAt)}`}
                >
                  Open
                </Link>
              </div>
            </td>
          </tr>
        )}
      </QueryTable>
    </Page>
  );
}

/** A version's lifecycle status as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}

/** The first cells of a version's row: its number, status and running instances. */
export function VersionCells({
  version,
}: {
  version: { number: number; status: string; runningInstances: number };
}) {
  return (
    <>
      <td>v{version.number}</td>
      <td>
        <StatusBadge status={version.status} />
      </td>
      <td>{version.runningInstances}</td>
    </>
  );
}

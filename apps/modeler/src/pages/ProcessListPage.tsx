import { useState } from "react";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";

/** All processes, searchable, with their newest version's status. */
export function ProcessListPage() {
  const [search, setSearch] = useState("");
  const processes = useQuery(`processes:${search}`, () => trpc.process.list.query({ search }));
  return (
    <section aria-labelledby="processes-title" className="page">
      <div className="page-header">
        <h1 id="processes-title">Processes</h1>
        <input
          type="search"
          className="input"
          placeholder="Search processes"
          aria-label="Search processes"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {processes.status === "loading" && <p className="muted">Loading…</p>}
      {processes.status === "error" && (
        <p role="alert" className="error">
          Could not load processes: {processes.error.message}
        </p>
      )}
      {processes.status === "ready" &&
        (processes.data.length === 0 ? (
          <p className="muted">{search ? "No process matches your search." : "No processes yet."}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Latest version</th>
              </tr>
            </thead>
            <tbody>
              {processes.data.map((p) => {
                const latest = p.versions[0];
                return (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>
                      <code>{p.key}</code>
                    </td>
                    <td>{latest ? `v${latest.number} · ${latest.status}` : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
    </section>
  );
}

import { useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { downloadFile } from "../api/downloadFile.ts";
import { CreateProcessDialog } from "./CreateProcessDialog.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { Page } from "../ui/Page.tsx";
import { QueryTable } from "../ui/Table.tsx";
import { useSession } from "../auth/useSession.ts";

/** All processes, searchable; create a process, import a model file, export a process's latest version. */
export function ProcessListPage() {
  const { may } = useSession();
  const [search, setSearch] = useState("");
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const processes = useQuery(`processes:${search}`, () => trpc.process.list.query({ search }));

  const importFile = async (file: File) => {
    setMessage(null);
    try {
      const model: unknown = JSON.parse(await file.text());
      const created = await trpc.process.import.mutate({ model });
      navigate(`/processes/${encodeURIComponent(created.processKey)}/versions/${created.number}`);
    } catch (error) {
      setMessage(`Could not import ${file.name}: ${errorInfo(error).message}`);
    }
  };

  const exportLatest = async (key: string, number: number) => {
    try {
      const version = await trpc.version.get.query({ processKey: key, number });
      downloadFile(`${key}-v${number}.json`, JSON.stringify(version.model, null, 2));
    } catch (error) {
      setMessage(`Could not export ${key}: ${errorInfo(error).message}`);
    }
  };

  return (
    <Page
      id="processes-title"
      title="Processes"
      actions={
        <div className="row">
          <input
            type="search"
            className="input"
            placeholder="Search processes"
            aria-label="Search processes"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          {may("process.import") && (
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Import JSON
            </button>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            aria-label="Import process file"
            className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void importFile(file);
            }}
          />
          {may("process.create") && (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              New process
            </button>
          )}
        </div>
      }
    >
      <ErrorAlert message={message} />
      <QueryTable
        query={processes}
        what="processes"
        empty={
          search ? "No process matches your search." : "No processes yet. Create one or import a model file."
        }
        columns={["Name", "Key", "Latest version", "Running"]}
        actions="Actions"
      >
        {(p) => {
          const latest = p.versions[0];
          return (
            <tr key={p.id}>
              <td>
                <Link href={`/processes/${encodeURIComponent(p.key)}`}>{p.name}</Link>
              </td>
              <td>
                <code>{p.key}</code>
              </td>
              <td>
                {latest ? (
                  <>
                    v{latest.number} <StatusBadge status={latest.status} />
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>{p.runningInstances}</td>
              <td className="cell-actions">
                {latest && (
                  <>
                    <Link
                      className="btn btn-small"
                      href={`/processes/${encodeURIComponent(p.key)}/versions/${latest.number}`}
                    >
                      Open
                    </Link>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Export ${p.name} as JSON`}
                      onClick={() => void exportLatest(p.key, latest.number)}
                    >
                      Export JSON
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        }}
      </QueryTable>
      <CreateProcessDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(key, number) => navigate(`/processes/${encodeURIComponent(key)}/versions/${number}`)}
      />
    </Page>
  );
}

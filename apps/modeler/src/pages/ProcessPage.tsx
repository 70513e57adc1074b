import { dateTimeText } from "@flowstate/engine";
import { ProcessName } from "../ui/ProcessName.tsx";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { trpc } from "../api/trpc.ts";
import { useQuery } from "../api/useQuery.ts";
import { errorInfo } from "../api/errorInfo.ts";
import { VersionCells } from "../ui/StatusBadge.tsx";
import { ErrorAlert } from "../ui/ErrorAlert.tsx";
import { Page } from "../ui/Page.tsx";
import { QueryView } from "../ui/QueryView.tsx";
import { Table } from "../ui/Table.tsx";
import { StartInstanceButton } from "../start/StartInstanceButton.tsx";
import { RetentionForm } from "./RetentionForm.tsx";
import { DeprecateVersionButton } from "./DeprecateVersionButton.tsx";

/** One process: its versions with status and running instances; open, new draft, compare. */
export function ProcessPage({ params }: { params: { key: string } }) {
  const key = decodeURIComponent(params.key);
  const [, navigate] = useLocation();
  const [message, setMessage] = useState<string | null>(null);
  const process = useQuery(`process:${key}`, () => trpc.process.get.query({ key }));
  const versions = useQuery(`versions:${key}`, () => trpc.version.list.query({ processKey: key }));
  const [compareFrom, setCompareFrom] = useState<string>("");
  const [compareTo, setCompareTo] = useState<string>("");

  const newDraft = async (fromVersionId: string) => {
    setMessage(null);
    try {
      const created = await trpc.version.createDraft.mutate({ processKey: key, fromVersionId });
      navigate(`/processes/${encodeURIComponent(key)}/versions/${created.number}`);
    } catch (error) {
      const info = errorInfo(error);
      const draftNumber = info.data.draftNumber;
      setMessage(
        typeof draftNumber === "number"
          ? `${info.message}. Open v${draftNumber} to continue editing.`
          : info.message,
      );
    }
  };

  const list = versions.status === "ready" ? versions.data : [];
  const from = compareFrom || String(list[1]?.number ?? "");
  const to = compareTo || String(list[0]?.number ?? "");
  return (
    <Page
      id="process-title"
      title={process.status === "ready" ? process.data.name : <ProcessName processKey={key} />}
      breadcrumbs={
        <>
          <Link href="/processes">Processes</Link> / <ProcessName processKey={key} />
        </>
      }
      actions={
        <div className="page-actions">
          <Link className="btn" href={`/processes/${encodeURIComponent(key)}/migrations`}>
            Migrations
          </Link>
          <Link className="btn" href={`/processes/${encodeURIComponent(key)}/instances`}>
            Instances
          </Link>
          {list.some((v) => v.status === "published") && <StartInstanceButton processKey={key} />}
        </div>
      }
      intro={process.status === "ready" && process.data.description}
    >
      <ErrorAlert message={message} />
      <QueryView query={versions} what="versions">
        {() => (
          <>
            <Table
              label="Versions"
              columns={["Version", "Status", "Running instances", "Updated"]}
              actions="Actions"
            >
              {list.map((v) => (
                <tr key={v.id}>
                  <VersionCells version={v} />
                  <td className="muted">{dateTimeText(v.updatedAt)}</td>
                  <td className="cell-actions">
                    <Link
                      className="btn btn-small"
                      href={`/processes/${encodeURIComponent(key)}/versions/${v.number}`}
                      aria-label={`Open v${v.number}`}
                    >
                      Open
                    </Link>
                    {v.status !== "draft" && (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void newDraft(v.id)}
                        aria-label={`New draft from v${v.number}`}
                      >
                        New draft from this version
                      </button>
                    )}
                    {v.status === "published" && (
                      <DeprecateVersionButton
                        versionId={v.id}
                        number={v.number}
                        running={v.runningInstances}
                        onDone={versions.refresh}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </Table>
            {list.length > 1 && (
              <form
                className="compare"
                aria-label="Compare versions"
                onSubmit={(e) => {
                  e.preventDefault();
                  navigate(`/processes/${encodeURIComponent(key)}/diff/${from}/${to}`);
                }}
              >
                <span>Compare</span>
                <VersionSelect label="From version" versions={list} value={from} onChange={setCompareFrom} />
                <span>with</span>
                <VersionSelect label="To version" versions={list} value={to} onChange={setCompareTo} />
                <button type="submit" className="btn">
                  Show differences
                </button>
              </form>
            )}
            {process.status === "ready" && (
              <RetentionForm
                processKey={key}
                retentionDays={process.data.retentionDays}
                retentionMode={process.data.retentionMode}
                onSaved={process.refresh}
              />
            )}
          </>
        )}
      </QueryView>
    </Page>
  );
}

function VersionSelect(props: {
  label: string;
  versions: readonly { id: string; number: number }[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <select
      className="input"
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {props.versions.map((v) => (
        <option key={v.id} value={v.number}>
          v{v.number}
        </option>
      ))}
    </select>
  );
}

import type { Migration } from "@flowstate/model";
import { CheckboxField } from "./CheckboxField";
import { TextField } from "./TextField";
import { formatVersionList, parseVersionList } from "./versionList";

/** Marks a migration action and optionally limits it to some source versions. */
export function MigrationEditor({
  value,
  onCommit,
}: {
  value: Migration | undefined;
  onCommit: (value: Migration | undefined) => void;
}) {
  const setList = (which: "include" | "exclude", text: string | undefined) => {
    const list = parseVersionList(text);
    if (list === null || !value) return;
    const sourceVersions = { ...value.sourceVersions };
    if (list === undefined) delete sourceVersions[which];
    else sourceVersions[which] = list;
    onCommit(Object.keys(sourceVersions).length > 0 ? { sourceVersions } : {});
  };
  const check = (text: string) =>
    parseVersionList(text) === null ? "comma-separated version numbers, e.g. 1, 2" : null;
  return (
    <fieldset className="fieldset">
      <legend>Migration</legend>
      <CheckboxField
        label="Migration action (runs only when instances migrate into this state)"
        checked={value !== undefined}
        onCommit={(on) => onCommit(on ? {} : undefined)}
      />
      {value && (
        <>
          <TextField
            label="Only from versions"
            value={formatVersionList(value.sourceVersions?.include)}
            placeholder="all"
            check={check}
            onCommit={(t) => setList("include", t)}
          />
          <TextField
            label="Not from versions"
            value={formatVersionList(value.sourceVersions?.exclude)}
            placeholder="none"
            check={check}
            onCommit={(t) => setList("exclude", t)}
          />
        </>
      )}
    </fieldset>
  );
}

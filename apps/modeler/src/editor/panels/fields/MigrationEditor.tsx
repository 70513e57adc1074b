import type { Migration } from "@flowstate/model";
import { ToggledFieldset } from "./ToggledFieldset";
import { TextField } from "./TextField";
import { formatVersionList, parseVersionList } from "./versionList";

/** The two source-version lists: which, its label, what empty means. */
const versionLists = [
  { which: "include", label: "Only from versions", placeholder: "all" },
  { which: "exclude", label: "Not from versions", placeholder: "none" },
] as const;

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
    <ToggledFieldset
      legend="Migration"
      label="Migration action (runs only when instances migrate into this state)"
      on={value !== undefined}
      onToggle={(on) => onCommit(on ? {} : undefined)}
    >
      {versionLists.map(({ which, label, placeholder }) => (
        <TextField
          key={which}
          label={label}
          value={formatVersionList(value?.sourceVersions?.[which])}
          placeholder={placeholder}
          check={check}
          onCommit={(t) => setList(which, t)}
        />
      ))}
    </ToggledFieldset>
  );
}

import { Dialog } from "../../ui/Dialog";
import { CloseActions } from "../../ui/FormFooter";
import { chordLabel, shortcutTable } from "./shortcutFor";
import type { ShortcutGroup } from "./shortcutFor";

const groups: readonly { group: ShortcutGroup; title: string }[] = [
  { group: "Create", title: "Create (on the selected element, as the context pad)" },
  { group: "Edit", title: "Edit" },
  { group: "View", title: "View" },
  { group: "Help", title: "Help" },
];

/** The `?` sheet: every editor shortcut, read from the table the keyboard handler uses. */
export function ShortcutSheet({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" wide>
      <div className="shortcut-sheet">
        {groups.map(({ group, title }) => (
          <section key={group} aria-label={group}>
            <h3 className="shortcut-group">{title}</h3>
            <table className="shortcut-table">
              <tbody>
                {shortcutTable
                  .filter((e) => e.group === group)
                  .map((entry) => (
                    <tr key={entry.description}>
                      <td className="shortcut-keys">
                        {entry.chords.map((chord, i) => (
                          <span key={i}>
                            {i > 0 && " "}
                            <kbd>{chordLabel(chord)}</kbd>
                          </span>
                        ))}
                      </td>
                      <td>{entry.description}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <CloseActions onClose={() => onOpenChange(false)} />
    </Dialog>
  );
}

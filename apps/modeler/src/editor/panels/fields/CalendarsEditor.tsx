import { isTimeZone } from "@flowstate/model";
import type { Calendar, WeeklyWindow } from "@flowstate/model";
import { useEditorStore } from "../../store/useEditorStore";
import { useEditorStoreApi } from "../../store/useEditorStoreApi";
import { TextField } from "./TextField";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The two ends of a weekly window, as their inputs are labelled. */
const windowEnds = [
  { end: "from", label: "From" },
  { end: "to", label: "To" },
] as const;

/** The process's business calendars: weekly windows in a time zone, minus holidays. */
export function CalendarsEditor() {
  const store = useEditorStoreApi();
  const calendars = useEditorStore((s) => s.model.calendars);
  const readOnly = useEditorStore((s) => s.readOnly);
  const update = (c: Calendar, changes: Partial<Calendar>) =>
    store.getState().updateElement(c.id, changes, "Edit calendar");
  const setWindow = (c: Calendar, i: number, w: Partial<WeeklyWindow>) => {
    const next = c.weekly.map((x, j) => (j === i ? { ...x, ...w } : x));
    if (next.every((x) => TIME.test(x.from) && TIME.test(x.to) && x.from < x.to)) update(c, { weekly: next });
  };
  return (
    <fieldset className="fieldset">
      <legend>Calendars</legend>
      {calendars.length === 0 && (
        <p className="muted small">
          No calendars. Actions with a calendar only run inside its business hours.
        </p>
      )}
      {calendars.map((c) => (
        <details key={c.id} className="calendar" open={calendars.length === 1}>
          <summary>{c.name}</summary>
          <TextField
            label="Calendar name"
            value={c.name}
            required
            onCommit={(name) => name && update(c, { name })}
          />
          <TextField
            label="Time zone"
            value={c.timezone}
            required
            mono
            check={(t) => (isTimeZone(t) ? null : "an IANA time zone such as Europe/Brussels")}
            onCommit={(tz) => tz && isTimeZone(tz) && update(c, { timezone: tz })}
          />
          <table className="windows" aria-label={`${c.name} weekly windows`}>
            <tbody>
              {c.weekly.map((w, i) => (
                <tr key={i}>
                  <td>
                    <select
                      className="input"
                      aria-label="Day"
                      value={w.day}
                      disabled={readOnly}
                      onChange={(e) => setWindow(c, i, { day: Number(e.target.value) })}
                    >
                      {DAYS.map((d, j) => (
                        <option key={d} value={j + 1}>
                          {d}
                        </option>
                      ))}
                    </select>
                  </td>
                  {windowEnds.map(({ end, label }) => (
                    <td key={end}>
                      <input
                        className="input mono"
                        aria-label={label}
                        defaultValue={w[end]}
                        disabled={readOnly}
                        onBlur={(e) => setWindow(c, i, { [end]: e.target.value })}
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      aria-label="Remove window"
                      disabled={readOnly || c.weekly.length === 1}
                      onClick={() => update(c, { weekly: c.weekly.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="btn btn-small"
            disabled={readOnly}
            onClick={() => update(c, { weekly: [...c.weekly, { day: 6, from: "09:00", to: "12:00" }] })}
          >
            Add window
          </button>
          <TextField
            label="Holidays (YYYY-MM-DD, comma-separated)"
            value={c.holidays.join(", ")}
            mono
            check={(t) =>
              t
                .split(/[\s,]+/)
                .filter(Boolean)
                .every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
                ? null
                : "dates as YYYY-MM-DD"
            }
            onCommit={(t) => {
              const days = (t ?? "").split(/[\s,]+/).filter(Boolean);
              if (days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))) update(c, { holidays: days });
            }}
          />
          <button
            type="button"
            className="btn btn-ghost btn-small danger"
            disabled={readOnly}
            onClick={() => {
              const s = store.getState();
              s.select([c.id]);
              s.deleteSelection();
            }}
          >
            Delete calendar
          </button>
        </details>
      ))}
      <button
        type="button"
        className="btn btn-small"
        disabled={readOnly}
        onClick={() => store.getState().addCalendar(`Calendar ${calendars.length + 1}`)}
      >
        Add calendar
      </button>
    </fieldset>
  );
}

import type { ReactNode } from "react";

/** `list` with `item` in it (once) or without it. */
export function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  const rest = list.filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

/** One checkbox per option, for choosing a subset (roles, events, processes). */
export function CheckOptions<T extends string>(props: {
  options: readonly T[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
  label?: (option: T) => ReactNode;
}) {
  return (
    <>
      {props.options.map((o) => (
        <label key={o} className="field-check">
          <input
            type="checkbox"
            checked={props.selected.includes(o)}
            onChange={(e) => props.onChange(toggled(props.selected, o, e.target.checked))}
          />
          {props.label ? props.label(o) : o}
        </label>
      ))}
    </>
  );
}

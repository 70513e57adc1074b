/** A `datetime-local` value (local time) as an ISO instant; undefined when blank or not a time. */
export function isoFromLocal(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * A `datetime-local` value as the END of what it shows, for an inclusive "until" bound: the field
 * has minute precision, so "…T18:30" means up to 18:30:59.999 (an instance started at 18:30:20 was
 * started by 18:30). A value with seconds ends at its last millisecond.
 */
export function isoUntilLocal(value: string | undefined): string | undefined {
  const from = isoFromLocal(value);
  if (from === undefined) return undefined;
  const withSeconds = /T\d{2}:\d{2}:\d{2}/.test(value!);
  return new Date(Date.parse(from) + (withSeconds ? 999 : 59_999)).toISOString();
}

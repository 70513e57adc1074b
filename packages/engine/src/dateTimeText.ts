const two = (n: number) => String(n).padStart(2, "0");

/**
 * THE way a moment is written for people, everywhere (explanation sentences, the operator's lists,
 * badges, due times): "2027-01-05 14:02 UTC" — the date first, a 24-hour clock and the zone named,
 * so it reads the same in every locale and sorts as text. Takes a `Date` or an ISO time; anything
 * that is not a time is "an unknown time". Pure (formats the given moment; reads no clock).
 */
export function dateTimeText(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return "an unknown time";
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** A due time relative to now, for people: "in 3 h", "in 12 min", "2 d ago", "now". */
export function formatDue(dueAt: string, now: Date): string {
  const ms = Date.parse(dueAt) - now.getTime();
  if (Number.isNaN(ms)) return dueAt;
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  if (minutes < 1) return "now";
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} d`;
  return ms > 0 ? `in ${text}` : `${text} ago`;
}

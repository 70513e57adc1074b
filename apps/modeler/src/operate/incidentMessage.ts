/** An incident's error for people: its `message` when it has one, else the text or the JSON. */
export function incidentMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
  )
    return (error as { message: string }).message;
  return JSON.stringify(error);
}

import { parseDuration } from "@flowstate/model";

/** The message for a text that is not an ISO-8601 duration, or `null`. */
export function checkDuration(text: string): string | null {
  return parseDuration(text) ? null : "expected an ISO-8601 duration such as PT4H, P90D or P6M";
}

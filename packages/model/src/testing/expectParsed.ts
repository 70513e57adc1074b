import { parseModel } from "../parse/parseModel";
import type { ProcessModel } from "../schema/Process";

/**
 * Parses `input` in a test that expects it to parse: fails the test with the problems otherwise.
 * Returns the parsed model and the format version it was upgraded from.
 */
export function expectParsed(input: unknown): { model: ProcessModel; upgradedFrom: number } {
  const result = parseModel(input);
  if (!result.ok) throw new Error(`expected the model to parse, got ${JSON.stringify(result.problems)}`);
  return result;
}

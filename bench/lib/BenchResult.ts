/**
 * One benchmark result: a ratio against a baseline measured in the same run (never a lone time).
 * `ratio` summarises the per-run ratios (or the ratio of per-run medians) over several runs.
 */
export interface BenchResult {
  name: string;
  /** What the ratio means, e.g. "× JSON.parse" or "× faster than bpmn-engine". */
  unit: string;
  ratio: { median: number; min: number; max: number };
  /** The raw medians behind the ratio, for the reader. */
  detail: string;
}

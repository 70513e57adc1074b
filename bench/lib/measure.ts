/** Options of a timing measurement. */
export interface MeasureOptions {
  /** Samples to keep. */
  runs: number;
  /** Samples to take and throw away first (JIT warm-up). */
  warmup: number;
  /** Calls per sample; the sample is the mean time per call (for calls too fast to time one by one). */
  inner?: number;
}

/** Times `fn`: `runs` samples in milliseconds per call (after `warmup` discarded samples), via `performance.now()`. */
export function measure(fn: () => unknown, options: MeasureOptions): number[] {
  const inner = options.inner ?? 1;
  const samples: number[] = [];
  for (let i = 0; i < options.warmup + options.runs; i++) {
    const start = performance.now();
    for (let j = 0; j < inner; j++) fn();
    const ms = (performance.now() - start) / inner;
    if (i >= options.warmup) samples.push(ms);
  }
  return samples;
}

/**
 * Times several functions interleaved (a sample of each per round, in turn), so drifts of a noisy
 * machine hit all of them alike. Returns the samples (ms per call) by name, index-aligned by round.
 */
export function measureInterleaved<K extends string>(
  fns: Record<K, () => unknown>,
  options: MeasureOptions,
): Record<K, number[]> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const name of names) {
      const [ms] = measure(fns[name], {
        runs: 1,
        warmup: 0,
        ...(options.inner === undefined ? {} : { inner: options.inner }),
      });
      if (round >= options.warmup && ms !== undefined) samples[name].push(ms);
    }
  }
  return samples;
}

/**
 * Times async calls interleaved, awaited one at a time: `warmup` untimed rounds, then `runs` rounds
 * timing one call of each in turn. Returns the milliseconds per call by name, index-aligned by round.
 */
export async function timeCallsInterleaved(
  calls: Record<string, () => Promise<unknown>>,
  options: { runs: number; warmup: number },
): Promise<Record<string, number[]>> {
  for (let i = 0; i < options.warmup; i++) for (const call of Object.values(calls)) await call();
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  for (let round = 0; round < options.runs; round++)
    for (const [name, call] of Object.entries(calls)) {
      const t0 = performance.now();
      await call();
      ms[name]!.push(performance.now() - t0);
    }
  return ms;
}

/** Median, minimum and maximum of samples (median of an even count: mean of the middle two). */
export function summarize(samples: readonly number[]): { median: number; min: number; max: number } {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Summary of the per-run ratios `ours[i] / theirs[i]` of two index-aligned (interleaved) series. */
export function summarizeRatios(
  ours: readonly number[],
  theirs: readonly number[],
): { median: number; min: number; max: number } {
  return summarize(ours.map((o, i) => o / theirs[i]!));
}

/** Rates (per second) as `median N/s (min N, max N)`, for a result's detail line. */
export function formatRates(samples: readonly number[]): string {
  const { median, min, max } = summarize(samples);
  return `median ${median.toFixed(0)}/s (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;
}

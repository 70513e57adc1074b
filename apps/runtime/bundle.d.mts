/** Bundles `entryPoints` (name → source path) into `outdir` as the runtime is bundled (bundle.mjs). */
export function bundle(entryPoints: Record<string, string>, outdir: string): Promise<void>;
/** The model worker's entry, for `bundle`. */
export const modelWorkerEntry: string;

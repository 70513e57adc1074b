import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Prisma's schema engine (migrations, diffs) in its WebAssembly build.
 *
 * Why not the Prisma CLI: every `prisma migrate` command first downloads a native engine
 * binary, which our machines cannot reach. The WebAssembly build ships inside an npm package
 * and talks to the database through the same driver adapter the app uses (Postgres or PGlite),
 * so migrations work identically on both. Its version must match `@prisma/engines-version`.
 */
let initialised: Promise<void> | undefined;

/** The two WebAssembly globals used here (lib.dom is not part of this Node project). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function initWasm(): Promise<void> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package does not export the .wasm file; find it next to its entry point.
    const wasmPath = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm")),
      "schema_engine_bg.wasm",
    );
    const bytes = await readFile(wasmPath);
    const instance = new wasm.Instance(new wasm.Module(bytes), {
      "./schema_engine_bg.js": bg as unknown as Record<string, unknown>,
    });
    bg.__wbg_set_wasm(instance.exports as never);
    // Forgetting this start call gives baffling "invalid type" errors later on.
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return initialised;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  /** Turns the engine's "External error id#N" into the adapter's real error message. */
  explain(error: unknown): Error;
  close(): void;
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
): Promise<SchemaEngineHandle> {
  await initWasm();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const log = () => {};
  const engine = await bg.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, bound);
  return {
    engine,
    explain(error) {
      const message = error instanceof Error ? error.message : String(error);
      const match = /External error id#(\d+)/.exec(message);
      if (match) {
        const registry = (
          bound as unknown as { errorRegistry: { consumeError(id: number): { error: unknown } | undefined } }
        ).errorRegistry;
        const real = registry.consumeError(Number(match[1]));
        if (real) {
          const inner = real.error as {
            message?: string;
            originalMessage?: string;
            kind?: string;
            cause?: string;
          };
          return new Error(inner.originalMessage ?? inner.message ?? inner.cause ?? JSON.stringify(inner));
        }
      }
      return error instanceof Error ? error : new Error(message);
    },
    close() {
      engine.free();
    },
  };
}

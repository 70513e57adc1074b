import path from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";

/**
 * Locates the repository's `prisma/` folder both from source (src/db) and from the bundle
 * (dist/main.js), so migrations ship with the built app.
 */
function findPrismaDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "prisma", "schema.prisma");
    if (existsSync(candidate)) return path.join(dir, "prisma");
    dir = path.dirname(dir);
  }
  throw new Error("Cannot find prisma/schema.prisma above " + fileURLToPath(import.meta.url));
}

export const prismaDir = process.env.FLOWSTATE_PRISMA_DIR ?? findPrismaDir();

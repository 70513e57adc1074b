import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@flowstate/runtime/router";

/** The typed client for the runtime's tRPC API, served from the same origin. */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/trpc" })],
});

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@flowstate/runtime/router";

/** What each procedure of the runtime's tRPC API answers, e.g. `RouterOutputs["instance"]["view"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** What each procedure of the runtime's tRPC API takes, e.g. `RouterInputs["webhook"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

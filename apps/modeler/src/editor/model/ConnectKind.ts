import type { ConnectKind } from "@flowstate/model";

/** Palette and legend labels of the connect kinds (`CONNECT_KINDS` of the model package). */
export const connectKindLabels: Record<ConnectKind, string> = {
  flow: "Flow",
  failure: "Failure flow",
  limit: "Limit",
  not: "Not",
  transition: "Transition",
};

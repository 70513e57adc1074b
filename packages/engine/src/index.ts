export const ENGINE_PACKAGE = "@flowstate/engine";

export const MODEL_PACKAGE = "@flowstate/model";

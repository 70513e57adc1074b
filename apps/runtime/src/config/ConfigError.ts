/** A bad environment: its message names every bad variable on one line (`main` prints it, no stack). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

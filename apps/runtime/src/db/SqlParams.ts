/**
 * The parameters of one SQL statement, collected while its text is composed: `add(value)` keeps
 * the value and returns its placeholder (`$1`, `$2`, …), so parts of a statement written apart
 * never number parameters by hand. Compose in a fixed order: a named prepared statement needs the
 * same text every time.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

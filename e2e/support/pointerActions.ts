import type { Locator, Page } from "@playwright/test";

/**
 * How many pointer actions the drawing tests need for the same process, counted by the drawing
 * tests themselves: the palette test asserts it still takes exactly this many (so the number cannot
 * drift), the context pad test that it takes at most 60% of it (issue 21).
 */
export const DRAW_TEST_POINTER_ACTIONS = 56;

/**
 * Pointer actions a person makes, counted: a click, a drag, and a field filled or chosen with the
 * mouse (a click into it first). Keys pressed are not counted. One counter per test.
 */
export class PointerActions {
  count = 0;

  constructor(private readonly page: Page) {}

  async click(target: Locator, options?: Parameters<Locator["click"]>[0]): Promise<void> {
    this.count++;
    await target.click(options);
  }

  async clickAt(x: number, y: number): Promise<void> {
    this.count++;
    await this.page.mouse.click(x, y);
  }

  /** A press, a move in steps, a release. */
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    this.count++;
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Clicks into a field and types its value. */
  async fill(field: Locator, value: string): Promise<void> {
    this.count++;
    await field.fill(value);
  }

  /** Picks an option of a select with the mouse. */
  async selectOption(field: Locator, value: string): Promise<void> {
    this.count++;
    await field.selectOption(value);
  }

  /** Prints the count (the test's log shows both drawing tests' numbers). */
  report(what: string): number {
    console.log(`${what}: ${this.count} pointer actions`);
    return this.count;
  }
}

// Types for extsim driver test files (docs/driver.md).
//
//   import { test, expect } from "extsim";
//
// Point your editor at this file, e.g. in jsconfig.json / tsconfig.json:
//   { "compilerOptions": { "paths": { "extsim": ["path/to/extsim/types/extsim.d.ts"] } } }

declare module "extsim" {
  /** A virtual duration: milliseconds, or a string like "500ms", "5s", "1m", "1h". */
  export type Duration = number | string;

  export type ProfileName = "chrome" | "firefox";

  /** The fixtures every test function receives. */
  export interface Fixtures {
    /** A fresh simulated browser, for this test only. */
    browser: Browser;
    /** The profile the test runs under. */
    profile: ProfileName;
    /** The browser's virtual clock. */
    clock: Clock;
  }

  export type TestFn = (fixtures: Fixtures) => void | Promise<void>;

  export interface TestOptions {
    /** Pin this file (or describe block) to one browser, whatever --profile says. */
    profile?: ProfileName;
  }

  export interface Test {
    (name: string, fn: TestFn): void;
    skip(name: string, fn: TestFn): void;
    only(name: string, fn: TestFn): void;
    use(options: TestOptions): void;
    describe: Describe;
    beforeAll(fn: () => void | Promise<void>): void;
    afterAll(fn: () => void | Promise<void>): void;
    beforeEach(fn: TestFn): void;
    afterEach(fn: TestFn): void;
  }

  export interface Describe {
    (name: string, fn: () => void): void;
    skip(name: string, fn: () => void): void;
    only(name: string, fn: () => void): void;
  }

  export const test: Test;
  export const describe: Describe;
  /** Runs once before the first test of the file (or describe) in a run. */
  export function beforeAll(fn: () => void | Promise<void>): void;
  /** Runs once after the last test of the file (or describe); it has no browser. */
  export function afterAll(fn: () => void | Promise<void>): void;
  export function beforeEach(fn: TestFn): void;
  export function afterEach(fn: TestFn): void;

  export interface Clock {
    /** Runs the simulation for d of virtual time. */
    advance(d: Duration): Promise<void>;
    /** Virtual milliseconds since the browser started. */
    now(): number;
  }

  export interface Browser {
    readonly profile: ProfileName;
    readonly clock: Clock;
    /** The open tabs, in creation order (tabs extensions opened included). */
    readonly tabs: Tab[];
    readonly extensions: Extension[];
    /**
     * Loads an unpacked extension: a folder relative to the test file, or
     * its files ({"manifest.json": {...}, "bg.js": "..."}; objects are
     * written as JSON). Resolves once its background has started.
     */
    loadExtension(pathOrFiles: string | Record<string, string | object>): Promise<Extension>;
    /** Serves html at an http(s) URL (query and fragment ignored) for the rest of the test. */
    serve(url: string, html: string): void;
    /** Opens a tab and waits for its page to load. html: serve that page at url (as serve does). */
    newTab(url?: string, options?: { html?: string }): Promise<Tab>;
  }

  /** A JavaScript context of the simulated browser. */
  export interface Context {
    readonly label: string;
    /** The context's console lines so far (also "Uncaught ..." errors). */
    readonly console: string[];
    /**
     * Runs fn in the context. Arguments and the result are structured-cloned;
     * a returned promise is awaited by running the simulation.
     */
    evaluate<R, A extends unknown[]>(fn: ((...args: A) => R | Promise<R>) | string, ...args: A): Promise<R>;
  }

  export interface Background extends Context {
    /** Stops the service worker (or event page): its ports close; the next event starts it again. */
    stop(): Promise<void>;
  }

  export interface Frame {
    readonly id: number;
    readonly parentId: number;
    readonly url: string;
    /** The page's main world. */
    readonly page: Context;
    contentScript(ext: Extension): Context;
    navigate(url: string): Promise<void>;
  }

  export interface Tab {
    readonly id: number;
    readonly url: string;
    readonly title: string;
    readonly status: string;
    /** The main frame first, then its iframes. */
    readonly frames: Frame[];
    readonly mainFrame: Frame;
    readonly page: Context;
    contentScript(ext: Extension): Context;
    navigate(url: string, options?: { html?: string }): Promise<void>;
    goBack(): Promise<void>;
    goForward(): Promise<void>;
    reload(): Promise<void>;
    close(): Promise<void>;
    crash(): Promise<void>;
    /** Moves the page into the back/forward cache (goBack restores it). */
    enterBFCache(): Promise<void>;
    activate(): Promise<void>;
    /** Clicks the first element of the top document matching the CSS selector (default "body"); every world of the page hears it. */
    click(selector?: string): Promise<void>;
  }

  export interface Extension {
    readonly id: string;
    readonly name: string;
    readonly origin: string;
    readonly background: Background;
    url(path: string): string;
    openPopup(): Promise<Context>;
    /** Clicks the toolbar button (in tab, or the active tab). */
    clickAction(tab?: Tab): Promise<void>;
    reload(): Promise<void>;
    disable(): Promise<void>;
    enable(): Promise<void>;
  }

  export interface Matchers<R> {
    toBe(expected: unknown): R;
    toEqual(expected: unknown): R;
    toStrictEqual(expected: unknown): R;
    toBeTruthy(): R;
    toBeFalsy(): R;
    toBeUndefined(): R;
    toBeDefined(): R;
    toBeNull(): R;
    toBeNaN(): R;
    toBeInstanceOf(ctor: Function): R;
    toContain(item: unknown): R;
    toContainEqual(item: unknown): R;
    toMatch(pattern: string | RegExp): R;
    toHaveLength(n: number): R;
    toHaveProperty(path: string | string[], value?: unknown): R;
    toBeGreaterThan(n: number | bigint): R;
    toBeGreaterThanOrEqual(n: number | bigint): R;
    toBeLessThan(n: number | bigint): R;
    toBeLessThanOrEqual(n: number | bigint): R;
    toBeCloseTo(n: number, digits?: number): R;
    toThrow(expected?: string | RegExp | Function | Error): R;
  }

  export interface LogOptions {
    /** How long to wait, in virtual time (default 5s). */
    within?: Duration;
  }

  export interface Expectation extends Matchers<void> {
    not: Matchers<void> & { toLog(text: string | RegExp, options?: LogOptions): Promise<void> };
    resolves: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
    rejects: Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
    /** Waits, advancing virtual time, until the context logs a matching line. */
    toLog(text: string | RegExp, options?: LogOptions): Promise<void>;
  }

  export interface Expect {
    (received: unknown): Expectation;
    /** Retries fn as the simulation runs until the matcher passes (default timeout 5s virtual). */
    poll(fn: () => unknown, options?: { timeout?: Duration }): Matchers<Promise<void>> & { not: Matchers<Promise<void>> };
  }

  export const expect: Expect;
  /** Retries fn until it stops throwing, advancing virtual time (default 5s). */
  export function eventually<T>(fn: () => T | Promise<T>, options?: { timeout?: Duration }): Promise<T>;
  export class AssertionError extends Error {}
}

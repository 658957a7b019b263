import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';

/*
 * The jest environment of the browser specs (`@jest-environment ./test/support/browser-environment.ts`
 * in the spec's first docblock). jest tells only its environment which test failed, so this is what
 * takes the screenshots of a failing test's open pages, while they are still open: the harness in
 * test/support/browser.ts registers itself on the test's global under HARNESS_KEY. On teardown it
 * closes a browser that the spec's own afterAll did not (it failed, or timed out), before jest's
 * forceExit can cut Chromium's shutdown short.
 */

/** What test/support/browser.ts puts on the test's global. */
export interface BrowserHarnessHooks {
  screenshotOpenPages(testName: string): Promise<void>;
  shutdown(): Promise<void>;
}

/** Symbol.for: the same symbol in the test's realm and this one. */
const HARNESS_KEY = Symbol.for('waybill.browser-harness');
const ENVIRONMENT_KEY = Symbol.for('waybill.browser-environment');

const ROOT_BLOCK = 'ROOT_DESCRIBE_BLOCK';

function fullName(test: Circus.TestEntry): string {
  const names = [test.name];
  for (let block: Circus.DescribeBlock | undefined = test.parent; block && block.name !== ROOT_BLOCK; block = block.parent) names.unshift(block.name);
  return names.join(' ');
}

export default class BrowserTestEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    // Lets the harness refuse to run without this environment (no failure screenshots otherwise).
    (this.global as Record<symbol, unknown>)[ENVIRONMENT_KEY] = true;
  }

  async handleTestEvent(event: Circus.Event): Promise<void> {
    const failedTest = event.name === 'test_fn_failure' ? event.test : event.name === 'hook_failure' ? event.test : undefined;
    if (failedTest) await this.harness()?.screenshotOpenPages(fullName(failedTest));
  }

  override async teardown(): Promise<void> {
    await this.harness()?.shutdown();
    await super.teardown();
  }

  private harness(): BrowserHarnessHooks | undefined {
    return (this.global as Record<symbol, BrowserHarnessHooks | undefined>)[HARNESS_KEY];
  }
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const repoRoot = join(__dirname, '..', '..', '..', '..');

/** Screenshots of every step, for a person to look at after a run (`.local/` is gitignored). */
export const screenshotDir = join(repoRoot, '.local', 'console-screenshots');

export const desktop = { width: 1280, height: 800 } as const;
export const phone = { width: 390, height: 844 } as const;

/**
 * The browser tier's Chromium (LEDGER_CHROMIUM_BINARY, set by its global setup), headless.
 * Chromium's sandbox needs an unprivileged user: as root it refuses to start unless told
 * `--no-sandbox` (Playwright's `chromiumSandbox: false`); any other user keeps the sandbox,
 * unless LEDGER_CHROMIUM_NO_SANDBOX=1 says the machine forbids the user namespaces it needs
 * (Docker's default seccomp profile, Ubuntu 23.10+'s AppArmor).
 */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env['LEDGER_CHROMIUM_BINARY'];
  if (executablePath === undefined || executablePath === '') throw new Error('LEDGER_CHROMIUM_BINARY is not set: run the browser tier (npm run test:browser), whose global setup installs Chromium');
  const sandbox = process.getuid?.() !== 0 && process.env['LEDGER_CHROMIUM_NO_SANDBOX'] !== '1';
  return chromium.launch({ executablePath, headless: true, chromiumSandbox: sandbox });
}

/** Saves the page as `<step>.png`; the steps are named so a directory listing reads like the test. */
export async function snap(page: Page, step: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${step}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * The number a cell shows ("1,234" → 1234), or NaN when it shows none (e.g. "—") or is not
 * there: it never waits, so `eventually` can poll it while the page is still filling in.
 */
export async function numberIn(cell: Locator): Promise<number> {
  const texts = await cell.allInnerTexts();
  if (texts.length !== 1) return Number.NaN;
  const digits = (texts[0] ?? '').replace(/[,\s\u202f]/g, '');
  return /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : Number.NaN;
}

/**
 * The provider's own sign-in page, filled like a person does: Username, any Password, Sign in,
 * then the consent screen's Continue/Authorize when the provider shows one. Ends back on the
 * console with the code exchanged (`#who` names the user).
 */
export async function signInAt(page: Page, consoleUrl: string, username: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.locator('#sign-in').click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('any password will do');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await continueConsentIfShown(page, consoleUrl);
  await page.locator('#who').filter({ hasText: username }).waitFor({ timeout: 15_000 });
  // The code and state are stripped from the address once exchanged (history.replaceState).
  await page.waitForURL((url) => url.href === consoleUrl, { timeout: 5_000 });
}

/**
 * After the credentials, either the console (no consent step) or a consent page with its
 * Continue/Authorize button, clicked or (`byKeyboard`) reached with Tab and pressed with Enter.
 */
export async function continueConsentIfShown(page: Page, consoleUrl: string, byKeyboard = false): Promise<void> {
  const consent = page.getByRole('button', { name: /^(Continue|Authorize)$/ });
  const outcome = await Promise.race([
    page.waitForURL((url) => url.href.startsWith(consoleUrl), { timeout: 15_000 }).then(() => 'console' as const),
    consent.waitFor({ timeout: 15_000 }).then(() => 'consent' as const),
  ]);
  if (outcome === 'console') return;
  if (!byKeyboard) return consent.click();
  await tabTo(page, consent);
  await page.keyboard.press('Enter');
}

/** Presses Tab until `target` has the focus; fails after `limit` presses (the control is not reachable). */
export async function tabTo(page: Page, target: Locator, limit = 30): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} was not reached with ${String(limit)} presses of Tab`);
}

/** One projection's row of `table#projections`. */
export function projectionRow(page: Page, name: string): Locator {
  return page.locator(`table#projections tr[data-projection="${name}"]`);
}

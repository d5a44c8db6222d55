import { eventually } from '@ledger/event-store/testing';
import { randomUUID } from 'node:crypto';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { continueConsentIfShown, desktop, launchChromium, numberIn, phone, projectionRow, signInAt, snap, tabTo } from './console/console-browser';
import { ConsoleSystem } from './console/console-system';

interface ProgressSample {
  readonly value: number;
  readonly max: number;
}

/**
 * The operator console (`/console/` on the projector) in a real Chromium, against the local
 * stack and the built apps, through the DOM contract of the console's design (ids and data-*
 * attributes). Every step leaves a screenshot in .local/console-screenshots/.
 */
describe('the operator console in a browser', () => {
  const stack = new ConsoleSystem();
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  /** Uncaught errors and CSP refusals of every page: the console must run with neither. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    await stack.start();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await stack.dispose();
    }
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    if (browser === undefined) throw new Error('Chromium did not start');
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(`CSP: ${message.text()}`);
    });
    return page;
  }

  async function operatorPage(): Promise<Page> {
    const page = await newPage(desktop);
    await signInAt(page, stack.consoleUrl, 'operator');
    return page;
  }

  const projectionNames = async (): Promise<string[]> => ((await stack.admin('GET', '/projections')) as { items: { name: string }[] }).items.map((item) => item.name);

  it('signs an operator in on the provider page and lists every projection live; a customer is refused', async () => {
    const page = await operatorPage();
    const expected = await projectionNames();
    const rows = page.locator('table#projections tr[data-projection]');
    await eventually(() => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-projection'))), (names) => names.length === expected.length);

    expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-projection')))).toEqual(expected);
    expect(await page.locator('table#projections caption').innerText()).not.toBe('');
    await page.locator('#live').filter({ hasText: /^live$/ }).waitFor();
    await page.locator('section#relay [data-field="role"]').filter({ hasText: 'leader' }).waitFor();
    expect(await page.locator('#refused').isVisible()).toBe(false);
    await snap(page, 'a1-operator-projections');

    const customer = await newPage(desktop);
    await signInAt(customer, stack.consoleUrl, 'customer1');
    const refused = customer.locator('#refused');
    await refused.waitFor({ state: 'visible' });
    expect(await refused.innerText()).toContain('operator');
    expect(await customer.locator('table#projections tr[data-projection]').count()).toBe(0);
    expect(await customer.locator('#sign-out').isVisible()).toBe(true);
    await snap(customer, 'a2-customer-refused');
  });

  it('keeps every visible text at WCAG AA contrast against what is behind it (4.5:1, 3:1 for large text)', async () => {
    const page = await operatorPage();
    await projectionRow(page, 'account-summary').locator('[data-field="version"]').filter({ hasText: /\d/ }).waitFor();

    const failures = await page.evaluate(() => {
      const rgba = (value: string): number[] => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r = 0, g = 0, b = 0]: number[]): number => {
        const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      // The first opaque background up the tree (the page's own when none is set).
      const backgroundOf = (element: Element | null): number[] => {
        for (let at = element; at !== null; at = at.parentElement) {
          const color = rgba(getComputedStyle(at).backgroundColor);
          if (color.length === 3 || (color[3] ?? 0) >= 1) return color;
        }
        return [255, 255, 255];
      };
      const found: string[] = [];
      for (const element of document.body.querySelectorAll('*')) {
        const own = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
        if (!own || !(element instanceof HTMLElement) || element.offsetParent === null) continue;
        const style = getComputedStyle(element);
        const [l1, l2] = [luminance(rgba(style.color)), luminance(backgroundOf(element))];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) found.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 30)}": ${ratio.toFixed(2)}:1`);
      }
      return found;
    });

    expect(failures).toEqual([]);
  });

  it('shows the lag rise while 16 clients deposit, in the columns and the charts, and fall back to 0 when they stop, without a reload', async () => {
    const page = await operatorPage();
    const watched = ['account-summary', 'account-transactions', 'customer-portfolio'];
    for (const name of watched) await eventually(() => numberIn(projectionRow(page, name).locator('[data-field="lag-events"]')), (events) => events === 0, { what: `${name} caught up` });
    // The largest lag each row has shown, however briefly: snapshots come every second.
    await page.evaluate((names) => {
      const peaks: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
      Object.assign(window, { lagPeaks: peaks });
      new MutationObserver(() => {
        for (const name of names) {
          const text = document.querySelector(`tr[data-projection="${name}"] [data-field="lag-events"]`)?.textContent ?? '';
          peaks[name] = Math.max(peaks[name] ?? 0, Number(text.replace(/\D/g, '') || '0'));
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, watched);
    const peaks = () => page.evaluate(() => (window as unknown as { lagPeaks: Record<string, number> }).lagPeaks);
    const chart = projectionRow(page, 'account-summary').locator('svg[data-chart="lag"]');

    let stop = false;
    const load = stack.loadUntil(16, () => stop);
    // Seen at the end; caught now so a client's failure is never an unhandled rejection meanwhile.
    const loaded = load.then((deposits) => ({ deposits }), (error: unknown) => ({ error }));
    try {
      // Load runs until every watched projection has been seen behind, in its column and in its
      // chart (whose samples are taken on their own schedule): no fixed duration to tune.
      await eventually(peaks, (seen) => Object.values(seen).every((peak) => peak > 0), { what: 'every projection seen behind under load', timeoutMs: 60_000 });
      await eventually(() => chart.getAttribute('aria-label'), (label) => /peak [1-9]/.test(label ?? ''), { what: 'the chart drawing the lag', timeoutMs: 30_000 });
      await snap(page, 'b0-lag-under-load');
    } finally {
      stop = true;
    }
    const outcome = await loaded;
    if ('error' in outcome) throw outcome.error;
    const deposited = outcome.deposits;

    for (const name of watched) await eventually(() => numberIn(projectionRow(page, name).locator('[data-field="lag-events"]')), (events) => events === 0, { what: `${name} back to 0` });
    // Caught up, the chart still shows the burst: its next sample keeps the highest lag seen since the one before.
    await eventually(() => chart.getAttribute('aria-label'), (label) => /now 0 events, peak [1-9]/.test(label ?? ''), { what: 'the burst kept in the chart' });
    expect(deposited).toBeGreaterThan(0);
    process.stderr.write(`console under load: ${deposited} deposits, peak lag ${JSON.stringify(await peaks())}\n`);
  });

  it('shows a paused projection falling behind under load and catching up after resume, without a reload', async () => {
    const page = await operatorPage();
    // Survives only as long as the document does: a reload would drop it.
    await page.evaluate(() => document.documentElement.setAttribute('data-test-same-document', 'yes'));
    const lag = projectionRow(page, 'customer-portfolio').locator('[data-field="lag-events"]');
    await eventually(() => numberIn(lag), (events) => events === 0, { what: 'customer-portfolio caught up in the page' });

    await stack.admin('POST', '/projections/customer-portfolio/pause');
    try {
      await stack.openAccountWithDeposits(randomUUID(), 10);
      await eventually(() => numberIn(lag), (events) => events > 0, { what: 'customer-portfolio lag above 0 in the page' });
      expect(await projectionRow(page, 'customer-portfolio').locator('[data-field="state"]').innerText()).toMatch(/paused/);
      await snap(page, 'b1-lag-risen');
    } finally {
      await stack.admin('POST', '/projections/customer-portfolio/resume');
    }

    await eventually(() => numberIn(lag), (events) => events === 0, { what: 'customer-portfolio lag back to 0 in the page' });
    const chart = projectionRow(page, 'customer-portfolio').locator('svg[data-chart="lag"]');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toMatch(/\d/);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-test-same-document'))).toBe('yes');
    await snap(page, 'b2-lag-back-to-0');
  });

  it('lists a projection\'s dead letters; Retry applies one once its cause is fixed, Skip records the reason given', async () => {
    const [fixed, skipped] = [randomUUID(), randomUUID()];
    await stack.putRowInTheWay(fixed);
    await stack.putRowInTheWay(skipped);
    await stack.openAccountWithDeposits(fixed, 1);
    await stack.openAccountWithDeposits(skipped, 1);
    const open =
      (await eventually(
      async () => (await stack.deadLetters('projection=account-transactions&status=open')).filter((letter) => [fixed, skipped].some((id) => letter.streamId.endsWith(id))),
      (letters) => letters.length === 2,
      { what: 'two dead letters in account-transactions', timeoutMs: 60_000 },
      )) ?? [];
    const idOf = (accountId: string): string => String(open.find((letter) => letter.streamId.endsWith(accountId))?.id);

    const page = await operatorPage();
    const row = projectionRow(page, 'account-transactions');
    await eventually(() => numberIn(row.locator('[data-field="dead-letters"]')), (count) => count === 2, { what: 'two dead letters counted in the page' });
    const show = row.locator('button[data-action="show-dead-letters"]');
    expect(await page.getByRole('button', { name: /account-transactions/ }).and(show).count()).toBe(1);
    await show.click();
    const section = page.locator('section#dead-letters');
    await section.getByRole('heading', { name: /account-transactions/ }).waitFor();
    const fixedRow = section.locator(`tr[data-dead-letter="${idOf(fixed)}"]`);
    expect(await fixedRow.locator('[data-field="error"]').innerText()).toMatch(/duplicate key/);
    expect(await numberIn(fixedRow.locator('[data-field="attempts"]'))).toBeGreaterThanOrEqual(1);
    expect(await fixedRow.locator('[data-field="event"]').innerText()).toContain(fixed);
    expect(await fixedRow.locator('[data-field="event"]').innerText()).toContain('money-deposited');
    await snap(page, 'c1-dead-letters');

    // Still broken: the retry fails, and the page says so with the problem's code.
    await fixedRow.locator('button[data-action="retry"]').click();
    await page.getByRole('alert').filter({ hasText: 'DEAD_LETTER_RETRY_FAILED' }).waitFor();
    await snap(page, 'c2-retry-still-failing');

    await stack.removeRowInTheWay(fixed);
    await fixedRow.locator('button[data-action="retry"]').click();
    await fixedRow.waitFor({ state: 'detached' });
    expect(await stack.transactionRevisions(fixed)).toEqual(['1']);
    await snap(page, 'c3-retried');

    const skippedRow = section.locator(`tr[data-dead-letter="${idOf(skipped)}"]`);
    await skippedRow.locator('button[data-action="skip"]').click();
    const dialog = page.locator('dialog#skip-dialog');
    await dialog.waitFor({ state: 'visible' });
    // A reason is required: confirming without one leaves the dialog open and the letter open.
    await dialog.locator('button[value="confirm"]').click();
    expect(await dialog.isVisible()).toBe(true);
    const reason = `duplicate row from the 2024 migration, ticket ${randomUUID().slice(0, 8)}`;
    await dialog.getByRole('textbox').fill(reason);
    expect(await dialog.locator('textarea[name="reason"]').inputValue()).toBe(reason);
    await snap(page, 'c4-skip-dialog');
    await dialog.locator('button[value="confirm"]').click();
    await skippedRow.waitFor({ state: 'detached' });

    const all = await stack.deadLetters('projection=account-transactions&status=all');
    expect(all.find((letter) => String(letter.id) === idOf(skipped))).toMatchObject({ status: 'skipped', resolution: { by: 'operator', reason } });
    expect(all.find((letter) => String(letter.id) === idOf(fixed))).toMatchObject({ status: 'retried' });
    await eventually(() => numberIn(row.locator('[data-field="dead-letters"]')), (count) => count === 0, { what: 'no dead letters counted in the page' });
    await snap(page, 'c5-dead-letters-resolved');
  });

  it('rebuilds a projection from the button: the progress bar reaches its end with every event of the store, the page says it completed, and counts the swap', async () => {
    const seeded = 20 * (1 + 1_000);
    await stack.seedHistory(20, 1_000);
    const page = await operatorPage();
    const swaps = projectionRow(page, 'account-summary').locator('[data-field="swaps"]');
    // The page's first snapshot: "rebuilt N×" when an earlier rebuild swapped this read model, empty before any.
    await projectionRow(page, 'account-summary').locator('[data-field="version"]').filter({ hasText: /\d/ }).waitFor();
    const swapsBefore = Number((await swaps.innerText()).replace(/\D/g, '') || '0');
    // Every value/max the progress bar shows, however briefly: a poll could miss the last one.
    await page.evaluate(() => {
      const seen: { value: number; max: number }[] = [];
      Object.assign(window, { progressSeen: seen });
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll<HTMLProgressElement>('[data-rebuild="account-summary"] progress')) seen.push({ value: bar.value, max: bar.max });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });

    const started = page.waitForResponse((response) => response.request().method() === 'POST' && /\/projections\/account-summary\/rebuilds$/.test(response.url()));
    await page.getByRole('button', { name: /rebuild.*account-summary/i }).click();
    // The page may ask first (a rebuild is heavy work); its confirm button goes ahead.
    const asked = page.locator('dialog[open] button[value="confirm"]');
    await Promise.race([started, asked.waitFor().then(() => asked.click())]);
    const { rebuildId } = (await (await started).json()) as { rebuildId: string };
    const progress = page.locator('[data-rebuild="account-summary"]');
    const bar = progress.locator('progress');
    await bar.waitFor({ state: 'visible' });
    // The first figures the page shows past 0 (mid-way, or already the end on a fast machine).
    await eventually(() => bar.evaluate((element: HTMLProgressElement) => element.value), (value) => value > 0, { what: 'the progress bar moved', timeoutMs: 120_000 });
    await snap(page, 'd1-rebuild-progress');

    await page.locator('#notice').filter({ hasText: /complete/i }).waitFor({ timeout: 120_000 });
    await snap(page, 'd2-rebuild-completed');
    const seen = (await page.evaluate(() => (window as unknown as { progressSeen: { value: number; max: number }[] }).progressSeen)) as ProgressSample[];
    expect(seen.some((sample) => sample.max > 0 && sample.value === sample.max)).toBe(true);
    expect(await stack.admin('GET', `/projections/account-summary/rebuilds/${rebuildId}`)).toMatchObject({ state: 'completed' });
    // Every event of the store went into the new copy: the seeded history and the earlier tests' deposits.
    const [processed, total] = (await progress.locator('[data-field="processed"]').innerText()).split('/').map((part) => Number(part.replace(/\D/g, '')));
    expect(processed).toBe(total);
    expect(processed).toBeGreaterThanOrEqual(seeded);
    const state = projectionRow(page, 'account-summary').locator('[data-field="state"]');
    await eventually(() => state.allInnerTexts(), (texts) => /running/.test(texts.join()), { what: 'account-summary running again in the page' });
    // The swap: the page counts one more rebuild of this read model (its version is the same code's).
    await eventually(() => swaps.innerText(), (text) => text === `rebuilt ${swapsBefore + 1}×`, { what: 'the page counting the swap' });
    await snap(page, 'd3-rebuild-swapped');
  });

  it('fits a phone screen; signs in, opens dead letters and asks to rebuild (Escape: nothing sent) by keyboard alone', async () => {
    const page = await newPage(phone);
    await page.goto(stack.consoleUrl);
    await tabTo(page, page.locator('#sign-in'));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Username'));
    await page.keyboard.type('operator');
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type('any password');
    await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
    await page.keyboard.press('Enter');
    await continueConsentIfShown(page, stack.consoleUrl, true);
    await page.locator('#who').filter({ hasText: 'operator' }).waitFor();

    const rows = page.locator('table#projections tr[data-projection]');
    const expected = (await projectionNames()).length;
    await eventually(() => rows.count(), (count) => count === expected, { what: 'every projection\'s row on the phone' });
    for (const row of await rows.all()) expect(await row.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await snap(page, 'e1-phone');

    // The actions by keyboard too: a projection's dead letters open with Enter; Rebuild asks first, and Escape starts nothing.
    const row = projectionRow(page, 'transfer-summary');
    await tabTo(page, row.locator('button[data-action="show-dead-letters"]'), 80);
    await page.keyboard.press('Enter');
    await page.locator('section#dead-letters').getByRole('heading', { name: /transfer-summary/ }).waitFor();
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.url());
    });
    await tabTo(page, row.locator('button[data-action="rebuild"]'), 80);
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog#rebuild-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(posted).toEqual([]);
    const items = ((await stack.admin('GET', '/projections')) as { items: { name: string; rebuild: unknown }[] }).items;
    expect(items.find((item) => item.name === 'transfer-summary')).toMatchObject({ rebuild: null });
    await snap(page, 'e2-phone-keyboard-actions');
  });
});

/**
 * Headless Chromium for the HTML report tests, driven by playwright-core: the system's browser (never a downloaded
 * one), a fresh profile per launch, and a page that records console errors, uncaught exceptions and any request
 * that is not for a local file.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './cli.js';

export const CHROMIUM = process.env.LINEAGE_CHROMIUM ?? '/usr/bin/chromium';
/** Without the browser the suite is skipped locally; CI installs it (.ci/run), so there it always runs. */
export const BROWSER_TESTS = existsSync(CHROMIUM) || process.env.CI !== undefined;
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-output/html');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'lineage-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1360, height: 900 }, colorScheme: 'light',
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions since the page was opened. */
  errors: string[];
  /** Requests for anything but a local file. */
  external: string[];
}

export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => { if (!request.url().startsWith('file://')) external.push(request.url()); });
  return { page, errors, external };
}

export async function openReport(watched: WatchedPage, file: string): Promise<void> {
  await watched.page.goto(`file://${file}`);
  await watched.page.waitForSelector('html[data-ready="true"]');
}

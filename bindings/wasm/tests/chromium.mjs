// Shared set-up of the browser tests (browser, draft, report, kvalitetsberättelse): Debian's
// chromium driven by playwright-core in a fresh profile, and the test's own node:http server
// on 127.0.0.1, both torn down by one `close()`; and one watcher of what a page does wrong.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Where Debian's chromium is (scripts/test-wasm.sh installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run that makes no request of its own. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Serves `serve(req, res)` on 127.0.0.1 and opens chromium in a fresh profile.
 * `options` are playwright's `launchPersistentContext` options (viewport, acceptDownloads, …).
 * Returns `{ origin, context, close }`; `close()` closes the browser, the server and the profile.
 */
export async function startBrowser(serve, options = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (scripts/test-wasm.sh does)`);
  const server = createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profileDir = mkdtempSync(path.join(tmpdir(), 'granska-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS, ...options });
  } catch (e) {
    server.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  const close = async () => {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(profileDir, { recursive: true, force: true });
  };
  return { origin, context, close };
}

/**
 * Watches `page`: every request to another origin than `origin`, every HTTP error and every
 * page error, as texts in the returned list (filled as they happen).
 */
export function watch(page, origin) {
  const problems = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin + '/')) problems.push(`request elsewhere: ${r.url()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Where browser tests save their screenshots (not committed). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../build/screenshots/', import.meta.url))

export interface TestBrowser {
  browser: Browser
  /** A fresh context (its own cookies) with a page that has a virtual passkey authenticator. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>
  screenshot(page: Page, name: string): Promise<string>
  close(): Promise<void>
}

/**
 * One headless Chromium for a test file, with a fresh profile (Playwright makes a
 * temporary user-data dir for every launch and removes it on close), nothing fetched from the
 * network, and pages whose passkeys come from the DevTools protocol's virtual
 * authenticator (CTAP2, resident keys, user verification).
 */
export async function startTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return {
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('WebAuthn.enable')
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      })
      return { context, page }
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      await browser.close()
    },
  }
}

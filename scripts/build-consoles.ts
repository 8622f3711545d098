// Builds the two browser consoles (web/custody, web/platform) into build/console/<service>
// with Vite: run by `npm install` (prepare), so each service serves them offline.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export async function buildConsoles(services: readonly ('custody' | 'platform')[] = ['custody', 'platform']): Promise<void> {
  for (const service of services) {
    const started = Date.now()
    await build({
      configFile: false,
      root: `${ROOT}web/${service}`,
      base: '/console/',
      logLevel: 'warn',
      esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
      build: {
        outDir: `${ROOT}build/console/${service}`,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        // One script and one stylesheet: nothing inline, so the strict CSP holds.
        assetsInlineLimit: 0,
        modulePreload: { polyfill: false },
      },
    })
    process.stdout.write(`consoles: ${service} built into build/console/${service} (${Date.now() - started} ms)\n`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildConsoles()

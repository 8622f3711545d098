import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { get, post, setCsrfToken, whenSignedOut } from './api.ts'
import { createPasskey, signWithPasskey } from './passkeys.ts'
import { navigate, useRoute } from './router.ts'
import { ErrorBox, Link, Loading, useAction } from './ui.tsx'

export interface Me {
  principal: { id: string; name: string; role: string; scopes: string[]; groups: string[] }
  session: { id: string; createdAt: string; expiresAt: string; idleMinutes: number } | null
  csrfToken: string | null
  service: string
}

export interface NavItem {
  to: string
  label: string
  /** Shown to principals holding any of these scopes (all when empty). */
  scopes: string[]
}

export const can = (me: Me, scopes: string[]) => scopes.length === 0 || scopes.some((s) => me.principal.scopes.includes(s))

/**
 * A console: sign-in with a passkey (or enrolment from a one-time link), then a shell with
 * the pages the principal's roles allow.
 */
export function ConsoleApp({ title, nav, render }: { title: string; nav: NavItem[]; render: (route: string, me: Me) => ComponentChildren }) {
  const route = useRoute()
  const [me, setMe] = useState<Me | null | undefined>(undefined)
  const signedIn = (m: Me) => {
    setCsrfToken(m.csrfToken)
    setMe(m)
  }
  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(null)
      setMe(null)
    })
    if (route.startsWith('/enrol')) return setMe(null)
    get<Me>('/v1/console/session').then(signedIn, () => setMe(null))
  }, [])

  if (route.startsWith('/enrol') && !me) return <Enrol title={title} onDone={(m) => (signedIn(m), navigate('/'))} />
  if (me === undefined) return <Loading label="Opening the console" />
  if (me === null) return <SignIn title={title} onDone={signedIn} />
  return (
    <Shell title={title} me={me} nav={nav.filter((n) => can(me, n.scopes))} onSignedOut={() => (setCsrfToken(null), setMe(null))}>
      {render(route, me)}
    </Shell>
  )
}

function Shell({ title, me, nav, children, onSignedOut }: { title: string; me: Me; nav: NavItem[]; children: ComponentChildren; onSignedOut: () => void }) {
  const route = useRoute()
  const out = useAction(async (everywhere: boolean) => {
    await post(everywhere ? '/v1/console/sign-out-everywhere' : '/v1/console/sign-out')
    onSignedOut()
  })
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">{title}</span>
        <nav aria-label="Pages">
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <Link to={n.to} class={route === n.to || (n.to !== '/' && route.startsWith(n.to + '/')) ? 'current' : ''}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who" aria-label="Signed in as">
          <span class="name">{me.principal.name}</span>
          <span class="role">{me.principal.role}</span>
          <button type="button" onClick={() => out.run(false)} disabled={out.busy}>
            Sign out
          </button>
          <button type="button" class="secondary" onClick={() => out.run(true)} disabled={out.busy}>
            Sign out everywhere
          </button>
        </div>
      </header>
      <ErrorBox error={out.error} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  )
}

function SignIn({ title, onDone }: { title: string; onDone: (m: Me) => void }) {
  const act = useAction(async () => {
    const options = await post('/v1/console/sign-in/options')
    const credential = await signWithPasskey(options.publicKey.challenge, options.publicKey.rpId)
    onDone(await post<Me>('/v1/console/sign-in', { challengeId: options.challengeId, credential }))
  })
  return (
    <main id="main" class="center" tabIndex={-1}>
      <h1>{title}</h1>
      <p>Sign in with the passkey you enrolled. No passkey yet? Ask an administrator for an enrolment link.</p>
      <button type="button" class="primary" onClick={() => act.run()} disabled={act.busy}>
        {act.busy ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
      <ErrorBox error={act.error} />
    </main>
  )
}

function Enrol({ title, onDone }: { title: string; onDone: (m: Me) => void }) {
  const token = location.hash.slice(1)
  const [label, setLabel] = useState('')
  const [principal, setPrincipal] = useState<{ name: string; role: string } | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  useEffect(() => {
    post('/v1/console/enrol/options', { token }).then((o) => setPrincipal(o.principal), setLoadError)
  }, [])
  const act = useAction(async () => {
    const options = await post('/v1/console/enrol/options', { token })
    const credential = await createPasskey(options)
    const me = await post<Me>('/v1/console/enrol', { token, challengeId: options.challengeId, credential, label: label || undefined })
    history.replaceState(null, '', '/console/')
    onDone(me)
  })
  return (
    <main id="main" class="center" tabIndex={-1}>
      <h1>{title}: enrol a passkey</h1>
      <ErrorBox error={loadError} />
      {principal && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            act.run()
          }}
        >
          <p>
            This link enrols a passkey for <strong>{principal.name}</strong> ({principal.role}). It works once.
          </p>
          <label>
            Name this passkey (optional)
            <input value={label} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} maxLength={100} placeholder="e.g. work laptop" />
          </label>
          <button type="submit" class="primary" disabled={act.busy}>
            {act.busy ? 'Waiting for your authenticator…' : 'Create passkey and sign in'}
          </button>
        </form>
      )}
      <ErrorBox error={act.error} />
    </main>
  )
}

import { useEffect, useState } from 'preact/hooks'

/** The console lives under /console; routes are the rest of the path. */
export const BASE = '/console'

export function currentRoute(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname
  return p === '' ? '/' : p
}

export function navigate(route: string): void {
  history.pushState(null, '', BASE + route)
  dispatchEvent(new Event('console:navigate'))
}

/** The current route, re-rendering on navigation and on the browser's back and forward. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute())
  useEffect(() => {
    const update = () => setRoute(currentRoute())
    addEventListener('popstate', update)
    addEventListener('console:navigate', update)
    return () => {
      removeEventListener('popstate', update)
      removeEventListener('console:navigate', update)
    }
  }, [])
  return route
}

/** Matches `/investors/:id` against a route; returns the parameters or null. */
export function match(pattern: string, route: string): Record<string, string> | null {
  const a = pattern.split('/')
  const b = route.split('/')
  if (a.length !== b.length) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) out[a[i]!.slice(1)] = decodeURIComponent(b[i]!)
    else if (a[i] !== b[i]) return null
  }
  return out
}

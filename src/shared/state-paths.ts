import { join } from 'node:path'

/** Where each piece of local state lives inside the state folder (CUSTOS_HOME). */
export function statePaths(home: string) {
  return {
    home,
    chainState: join(home, 'chain', 'state.json'),
    chainCache: join(home, 'chain', 'cache'),
    deployments: join(home, 'deployments.json'),
    credentials: join(home, 'dev-credentials.json'),
    custodyData: join(home, 'custody'),
    custodyDb: join(home, 'custody', 'db'),
    platformData: join(home, 'platform'),
    platformDb: join(home, 'platform', 'db'),
  }
}

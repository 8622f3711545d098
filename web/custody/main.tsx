import { render } from 'preact'
import { ConsoleApp, can, type Me, type NavItem } from '../shared/app.tsx'
import { AccountPage } from '../shared/account.tsx'
import { match } from '../shared/router.ts'
import { Page } from '../shared/ui.tsx'
import { WebhooksPage } from '../shared/webhooks.tsx'
import { ApprovalDetail, ApprovalsQueue } from './approvals.tsx'
import { PolicyPage } from './policy.tsx'
import { TransactionDetail, TransactionsList } from './transactions.tsx'
import { TreasuryPage } from './treasury.tsx'
import { VaultDetail, VaultsList } from './vaults.tsx'
import { WhitelistPage } from './whitelist.tsx'
import '../shared/styles.css'

const NAV: NavItem[] = [
  { to: '/approvals', label: 'Approvals', scopes: ['approve', 'admin'] },
  { to: '/transactions', label: 'Transactions', scopes: ['read'] },
  { to: '/vaults', label: 'Vaults', scopes: ['read'] },
  { to: '/treasury', label: 'Treasury', scopes: ['read'] },
  { to: '/policy', label: 'Policy', scopes: ['read'] },
  { to: '/whitelist', label: 'Whitelist', scopes: ['read'] },
  { to: '/webhooks', label: 'Webhooks', scopes: ['webhooks'] },
  { to: '/account', label: 'Passkeys', scopes: [] },
]

function route(path: string, me: Me) {
  let m: Record<string, string> | null
  if (path === '/' || path === '') return can(me, ['approve']) ? <ApprovalsQueue /> : <TransactionsList />
  if (path === '/approvals') return <ApprovalsQueue />
  if ((m = match('/approvals/:id', path))) return <ApprovalDetail id={m.id!} />
  if (path === '/transactions') return <TransactionsList />
  if ((m = match('/transactions/:id', path))) return <TransactionDetail id={m.id!} />
  if (path === '/vaults') return <VaultsList />
  if ((m = match('/vaults/:id', path))) return <VaultDetail id={m.id!} />
  if (path === '/treasury') return <TreasuryPage canAdmin={can(me, ['admin'])} />
  if (path === '/policy') return <PolicyPage canAdmin={can(me, ['admin'])} />
  if (path === '/whitelist') return <WhitelistPage canAdmin={can(me, ['admin'])} />
  if (path === '/webhooks') return <WebhooksPage canRedeliver={can(me, ['webhooks'])} />
  if (path === '/account') return <AccountPage />
  return (
    <Page title="Not found">
      <p>No page at {path}.</p>
    </Page>
  )
}

render(<ConsoleApp title="Custos custody" nav={NAV} render={route} />, document.getElementById('app')!)

import { render } from 'preact'
import { ConsoleApp, can, type Me, type NavItem } from '../shared/app.tsx'
import { AccountPage } from '../shared/account.tsx'
import { match } from '../shared/router.ts'
import { Page } from '../shared/ui.tsx'
import { WebhooksPage } from '../shared/webhooks.tsx'
import { AuditEntry, AuditLog } from './audit.tsx'
import { CapTablePage } from './cap-table.tsx'
import { DistributionDetail, DistributionsPage } from './distributions.tsx'
import { InvestorDetail, InvestorsList, KycQueue } from './investors.tsx'
import { OfferingDetail, OfferingsList } from './offerings.tsx'
import { ReconciliationPage } from './reconciliation.tsx'
import { OfferDetail, RedemptionsPage } from './redemptions.tsx'
import { TokenDetail, TokensList } from './tokens.tsx'
import '../shared/styles.css'

const NAV: NavItem[] = [
  { to: '/kyc', label: 'KYC review', scopes: ['compliance'] },
  { to: '/investors', label: 'Investors', scopes: ['read'] },
  { to: '/tokens', label: 'Tokens', scopes: ['read'] },
  { to: '/offerings', label: 'Offerings', scopes: ['read'] },
  { to: '/cap-table', label: 'Cap table', scopes: ['read'] },
  { to: '/distributions', label: 'Distributions', scopes: ['issuer', 'compliance', 'audit'] },
  { to: '/redemptions', label: 'Redemptions', scopes: ['read'] },
  { to: '/reconciliation', label: 'Reconciliation', scopes: ['compliance', 'audit'] },
  { to: '/audit', label: 'Audit log', scopes: ['audit'] },
  { to: '/webhooks', label: 'Webhooks', scopes: ['admin'] },
  { to: '/account', label: 'Passkeys', scopes: [] },
]

function home(me: Me) {
  if (can(me, ['compliance'])) return <KycQueue />
  if (can(me, ['issuer'])) return <CapTablePage />
  if (can(me, ['audit'])) return <AuditLog />
  return <InvestorsList />
}

function route(path: string, me: Me) {
  let m: Record<string, string> | null
  if (path === '/' || path === '') return home(me)
  if (path === '/kyc') return <KycQueue />
  if (path === '/investors') return <InvestorsList />
  if ((m = match('/investors/:id', path))) return <InvestorDetail id={m.id!} canDecide={can(me, ['compliance'])} canAct={can(me, ['issuer', 'compliance'])} />
  if (path === '/tokens') return <TokensList />
  if ((m = match('/tokens/:id', path))) return <TokenDetail id={m.id!} canIssue={can(me, ['issuer'])} />
  if (path === '/offerings') return <OfferingsList />
  if ((m = match('/offerings/:id', path))) return <OfferingDetail id={m.id!} canIssue={can(me, ['issuer'])} />
  if (path === '/cap-table') return <CapTablePage />
  if (path === '/distributions') return <DistributionsPage canDeclare={can(me, ['issuer'])} />
  if ((m = match('/distributions/:id', path))) return <DistributionDetail id={m.id!} canApprove={can(me, ['issuer', 'compliance'])} />
  if (path === '/redemptions') return <RedemptionsPage canCreate={can(me, ['issuer'])} />
  if ((m = match('/redemptions/:kind/:id', path))) return <OfferDetail path={m.kind!} id={m.id!} canRequest={can(me, ['issuer', 'operate'])} />
  if (path === '/reconciliation') return <ReconciliationPage canResolve={can(me, ['compliance'])} />
  if (path === '/audit') return <AuditLog />
  if ((m = match('/audit/:seq', path))) return <AuditEntry seq={m.seq!} />
  if (path === '/webhooks') return <WebhooksPage canRedeliver={can(me, ['admin'])} />
  if (path === '/account') return <AccountPage />
  return (
    <Page title="Not found">
      <p>No page at {path}.</p>
    </Page>
  )
}

render(<ConsoleApp title="Custos platform" nav={NAV} render={route} />, document.getElementById('app')!)

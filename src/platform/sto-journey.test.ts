import { startTestCustody } from '../test/custody.ts'
import { startTestPlatform } from '../test/platform.ts'
import { describeStoJourney } from '../test/platform/sto-journey.ts'

describeStoJourney('an STO from offering to cap table, through the API', async (chain) => {
  const custody = await startTestCustody(chain)
  const platform = await startTestPlatform(chain, custody, {
    custodyWebhooks: true,
    env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_RECONCILE_INTERVAL_MS: '0' },
  })
  return { custody, platform }
})

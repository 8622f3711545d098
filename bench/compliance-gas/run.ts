/**
 * bench/compliance-gas — what a transfer costs under each set of compliance modules.
 *
 * On one anvil, with the infrastructure deployed once, measures receipt
 * gasUsed of a transfer sent by the holder's own key:
 *   erc20:   the development stablecoin (OpenZeppelin ERC-20), the baseline
 *   tokeny:  a T-REX token bound to Tokeny's CountryAllow, MaxBalance and
 *            SupplyLimit modules (behind their ModuleProxy, as T-REX ships them)
 *   custos:  a T-REX token bound to the five Custos modules (country lists,
 *            max balance, supply limit, lock-up, max holders), every rule
 *            configured
 *   custos, locked lot: the same, the sender also holding a locked lot, so the
 *            lock-up rule has lots to weigh
 *   custos, per country: the five rules plus a holders cap per country (a
 *            first-time holder is then counted under its country)
 * each for a repeat pair (both already hold) and to a first-time holder, and
 * prints the ratios against Tokeny's three modules and against the ERC-20.
 * Target: Custos's five rules cost no more than Tokeny's three.
 *
 *   node --import tsx bench/compliance-gas/run.ts      (TRACE=1 prints each transfer's call tree)
 */
import { cpus, loadavg } from 'node:os'
import { createTestClient, encodeFunctionData, http, type Address, type Chain, type Hex, type TestClient, type Transport } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from '../../src/chain/anvil.ts'
import { chainFor, publicClientFor, walletClientFor } from '../../src/chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../../src/chain/dev-accounts.ts'
import { deployInfrastructure } from '../../src/chain/deploy-infrastructure.ts'
import { deployTokenSuite, type ComplianceSettings } from '../../src/chain/deploy-token-suite.ts'
import { sendCall, type DeployContext } from '../../src/chain/deployer.ts'
import { custosLockupModuleAbi, devStablecoinAbi, modularComplianceAbi, tokenAbi } from '../../src/chain/generated/abis.ts'
import { deployTokenyModules, tokenyComplianceConfig } from '../../src/test/tokeny-modules.ts'
import { CLAIM_TOPICS } from '../../src/chain/claim-topics.ts'
import { waitForReceipt } from '../../src/chain/wait-for-receipt.ts'
import { freePort } from '../../src/shared/net.ts'
import { onboardInvestor, prepareWorld, type OnchainInvestor } from '../../src/test/onchain-investors.ts'

interface Frame { type: string; to: string; input: string; gasUsed: string; calls?: Frame[] }
const US = 840
const say = (s: string) => process.stdout.write(`${s}\n`)
const fmt = (n: bigint | number) => Number(n).toLocaleString('en-US')

async function main() {
  say('compliance-gas bench: receipt gasUsed of one transfer, sent by the holder, on one anvil')
  say(`machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}`)
  const anvil = await startAnvil({ port: await freePort() })
  try {
    const chainId = 31337
    const publicClient = publicClientFor(anvil.rpcUrl, chainId)
    const testClient = createTestClient({ mode: 'anvil', chain: chainFor(chainId, anvil.rpcUrl), transport: http(anvil.rpcUrl) }) as TestClient<'anvil', Transport, Chain>
    const deployer = walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
    const ctx: DeployContext = { publicClient, walletClient: deployer }
    say('deploying the infrastructure, Tokeny’s three modules and two tokens')
    const d = await deployInfrastructure(ctx)
    const world = await prepareWorld({ ctx, d, rpcUrl: anvil.rpcUrl, testClient })
    const agent = deployer.account.address
    const spec = { name: 'Gas', decimals: 0, owner: agent, tokenAgents: [agent], irAgents: [agent], claimTopics: [CLAIM_TOPICS.KYC] }
    const rules: ComplianceSettings = {
      allowedCountries: [US, 276],
      deniedCountries: [192],
      maxBalance: 10n ** 30n,
      supplyLimit: 10n ** 36n,
      lockupSeconds: 0n,
      maxHolders: 2_000n,
    }
    const tokeny = await deployTokenSuite(ctx, d, { ...spec, salt: 'GAS-TOKENY', symbol: 'GAST', moduleConfig: tokenyComplianceConfig(await deployTokenyModules(ctx), rules) })
    const custos = await deployTokenSuite(ctx, d, { ...spec, salt: 'GAS-CUSTOS', symbol: 'GASC', compliance: rules })
    const perCountry = await deployTokenSuite(ctx, d, { ...spec, salt: 'GAS-CUSTOS-COUNTRY', symbol: 'GASK', compliance: { ...rules, countryMaxHolders: [{ country: US, maxHolders: 1_500n }] } })
    for (const s of [tokeny, custos, perCountry]) await sendCall(ctx, s.token, tokenAbi, 'unpause', [])

    const people: OnchainInvestor[] = []
    for (let i = 0; i < 6; i++) people.push(await onboardInvestor(world, US, `gas-${i}`))
    const [a, b, c, e, f, g] = people as [OnchainInvestor, OnchainInvestor, OnchainInvestor, OnchainInvestor, OnchainInvestor, OnchainInvestor]

    const gasOf = async (from: OnchainInvestor, to: Address, data: Hex) => {
      const hash = await from.wallet.sendTransaction({ to, data, gas: 3_000_000n })
      const r = await waitForReceipt(publicClient, hash)
      if (r.status !== 'success') throw new Error(`transfer on ${to} reverted`)
      if (process.env.TRACE) {
        const t = (await publicClient.request({ method: 'debug_traceTransaction' as never, params: [hash, { tracer: 'callTracer' }] as never })) as Frame
        const walk = (f: Frame, depth: number) => {
          say(`${'  '.repeat(depth)}${f.type} ${f.to.slice(0, 10)} ${f.input.slice(0, 10)} gas ${Number(f.gasUsed)}`)
          for (const c of f.calls ?? []) walk(c, depth + 1)
        }
        walk(t, 0)
      }
      return r.gasUsed
    }
    const transfer = (token: Address, from: OnchainInvestor, to: OnchainInvestor, amount = 10n) => gasOf(from, token, encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to.address, amount] }))
    const mint = (token: Address, to: OnchainInvestor, amount: bigint) => sendCall(ctx, token, tokenAbi, 'mint', [to.address, amount])

    // ERC-20 baseline.
    for (const p of [a, b]) await sendCall(ctx, d.stablecoin, devStablecoinAbi, 'mint', [p.address, 1_000_000n])
    await gasOf(a, d.stablecoin, encodeFunctionData({ abi: devStablecoinAbi, functionName: 'transfer', args: [b.address, 10n] }))
    const erc20Repeat = await gasOf(a, d.stablecoin, encodeFunctionData({ abi: devStablecoinAbi, functionName: 'transfer', args: [b.address, 10n] }))
    const erc20New = await gasOf(a, d.stablecoin, encodeFunctionData({ abi: devStablecoinAbi, functionName: 'transfer', args: [c.address, 10n] }))

    const measure = async (token: Address, sender: OnchainInvestor, pair: OnchainInvestor, fresh: OnchainInvestor) => {
      await mint(token, sender, 10_000n)
      await mint(token, pair, 10_000n)
      await transfer(token, sender, pair)
      return { repeat: await transfer(token, sender, pair), fresh: await transfer(token, sender, fresh) }
    }
    const theirs = await measure(tokeny.token, a, b, c)
    const ours = await measure(custos.token, a, b, c)
    // A sender that also holds a locked lot (one year), beside free tokens.
    const lockup = d.modules.lockup
    await sendCall(ctx, custos.compliance, modularComplianceAbi, 'callModuleFunction', [encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [e.address, 365n * 86_400n] }), lockup])
    await mint(custos.token, e, 1_000n)
    const oursLocked = await measure(custos.token, e, f, g)
    const oursCountry = await measure(perCountry.token, a, b, c)

    const row = (name: string, repeat: bigint, fresh: bigint) =>
      say(`${name.padEnd(40)} ${fmt(repeat).padStart(10)} ${fmt(fresh).padStart(12)} ${(Number(repeat) / Number(theirs.repeat)).toFixed(3).padStart(11)} ${(Number(repeat) / Number(erc20Repeat)).toFixed(2).padStart(9)}`)
    say('')
    say(`${'transfer'.padEnd(40)} ${'repeat pair'.padStart(10)} ${'new holder'.padStart(12)} ${'vs Tokeny 3'.padStart(11)} ${'vs ERC-20'.padStart(9)}`)
    row('plain ERC-20 (OpenZeppelin)', erc20Repeat, erc20New)
    row('T-REX + Tokeny: country, max bal., supply', theirs.repeat, theirs.fresh)
    row('T-REX + Custos: five rules', ours.repeat, ours.fresh)
    row('T-REX + Custos: five rules, a locked lot', oursLocked.repeat, oursLocked.fresh)
    row('T-REX + Custos: + holders cap per country', oursCountry.repeat, oursCountry.fresh)
    say('')
    const verdict = ours.repeat <= theirs.repeat && ours.fresh <= theirs.fresh
    say(`target (Custos's five rules ≤ Tokeny's three): ${verdict ? 'met' : 'NOT met'} — repeat pair ${fmt(ours.repeat)} vs ${fmt(theirs.repeat)}, new holder ${fmt(ours.fresh)} vs ${fmt(theirs.fresh)}`)
  } finally {
    await anvil.stop()
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  process.exit(1)
})

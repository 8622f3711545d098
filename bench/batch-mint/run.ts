/**
 * bench/batch-mint — what T-REX batchMint saves over one mint per holder.
 *
 * On one anvil (the Osaka per-transaction gas cap enforced), with a token of
 * the platform's usual shape (KYC claim topic; country, max-balance and
 * supply-limit modules) operated by the deployer key as its agent:
 *   batch:  N first-time holders minted with batchMint, cut into chunks by the
 *           platform's planner (gas measured, each chunk sent with custody's
 *           gas limit: estimate × 1.2 + 10,000), gas of all chunks summed
 *   single: S other first-time holders minted with mint(), one transaction each
 * and prints gas per holder for both, their ratio, the chunks, and the
 * largest chunk against the cap. It measures the chain cost of the method:
 * neither custody nor the platform is involved.
 *
 *   node --import tsx bench/batch-mint/run.ts [N=1000] [S=50]
 */
import { cpus, loadavg } from 'node:os'
import { createTestClient, encodeFunctionData, http, type Account, type Chain, type Hex, type TestClient, type Transport } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from '../../src/chain/anvil.ts'
import { chainFor, publicClientFor, walletClientFor } from '../../src/chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../../src/chain/dev-accounts.ts'
import { deployInfrastructure } from '../../src/chain/deploy-infrastructure.ts'
import { tokenAbi } from '../../src/chain/generated/abis.ts'
import { freePort } from '../../src/shared/net.ts'
import { deployAgentToken, holderAccounts, registerHolders } from '../../src/test/platform/batch-mint-chain.ts'
import { waitForReceipt } from '../../src/chain/wait-for-receipt.ts'
import { custodyGasLimit, DEFAULT_CHUNK_GAS_BUDGET, FIRST_TIME_BOUND_PERCENT, holdersPerChunk, measureHolderGas, planChunks, TX_GAS_CAP } from '../../src/platform/modules/issuance/public.ts'

const N = Number(process.argv[2] ?? 1000)
const S = Number(process.argv[3] ?? 50)
const QUANTITY = 100n
const tty = process.stdout.isTTY
const say = (s: string) => process.stdout.write(`${s}\n`)
const fmt = (n: bigint | number) => Number(n).toLocaleString('en-US')

/** Progress on one rewritten line on a terminal, a plain line every so often otherwise. */
function progress(done: number, total: number, what: string) {
  if (tty) process.stdout.write(`\r  ${what}: ${done}/${total}${done === total ? '\n' : ''}`)
  else if (done === total || done % 250 === 0) say(`  ${what}: ${done}/${total}`)
}

async function main() {
  say(`batch-mint bench: ${N} holders with batchMint against ${S} single mints — chain cost only (direct to anvil, deployer key as token agent; no custody, no platform)`)
  say(`machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}`)
  const anvil = await startAnvil({ port: await freePort() })
  try {
    const chainId = 31337
    const publicClient = publicClientFor(anvil.rpcUrl, chainId)
    const testClient = createTestClient({ mode: 'anvil', chain: chainFor(chainId, anvil.rpcUrl), transport: http(anvil.rpcUrl) }) as TestClient<'anvil', Transport, Chain>
    const deployer = walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
    say('deploying the infrastructure and a token (KYC topic; country, max-balance, supply-limit modules)')
    const deployments = await deployInfrastructure({ publicClient, walletClient: deployer })
    const setup = { publicClient, testClient, deployer, deployments, onProgress: progress }
    const suite = await deployAgentToken(setup, 'BENCH')
    const agent = deployer.account.address

    const batchHolders = holderAccounts('bench-batch', N)
    const singleHolders = holderAccounts('bench-single', S)
    let t0 = performance.now()
    await registerHolders(setup, suite.identityRegistry, [...batchHolders, ...singleHolders])
    say(`registered ${N + S} holders (identity, KYC claim, batchRegisterIdentity) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const mintData = (hs: readonly Account[]): Hex => encodeFunctionData({ abi: tokenAbi, functionName: 'batchMint', args: [hs.map((h) => h.address), hs.map(() => QUANTITY)] })
    const estimate = (hs: readonly Account[]) => publicClient.estimateGas({ account: agent, to: suite.token, data: mintData(hs) })
    const slope = async (hs: readonly Account[]) => ((await estimate(hs)) - (await estimate(hs.slice(0, 2)))) / BigInt(hs.length - 2)

    // The planner's model, as the platform measures it (from the first holders, all new to the token).
    const probe = batchHolders.slice(0, 6).map((h) => ({ wallet: h.address, quantity: QUANTITY }))
    const model = await measureHolderGas(publicClient, { token: suite.token, from: agent, probe, firstTime: true })
    const plan = planChunks(N, model)
    const freshSlope = await slope(singleHolders.slice(0, Math.min(S, 40)))

    // Batch: every chunk sent with the gas limit custody would give it.
    let batchGas = 0n
    let largest = { gasUsed: 0n, gasLimit: 0n, holders: 0 }
    t0 = performance.now()
    for (const c of plan) {
      const hs = batchHolders.slice(c.firstItem, c.lastItem + 1)
      const gasLimit = custodyGasLimit(await estimate(hs))
      if (gasLimit > TX_GAS_CAP) throw new Error(`chunk ${c.index}: gas limit ${gasLimit} over the cap`)
      const hash = await deployer.sendTransaction({ to: suite.token, data: mintData(hs), gas: gasLimit })
      const r = await waitForReceipt(publicClient, hash, { pollMs: 20 })
      if (r.status !== 'success') throw new Error(`chunk ${c.index} reverted`)
      batchGas += r.gasUsed
      if (r.gasUsed > largest.gasUsed) largest = { gasUsed: r.gasUsed, gasLimit, holders: hs.length }
      progress(c.index + 1, plan.length, 'batchMint chunks')
    }
    const batchSeconds = (performance.now() - t0) / 1000
    const existingSlope = await slope(batchHolders.slice(0, Math.min(N, 40)))

    // Single mints, one transaction per holder.
    let singleGas = 0n
    for (const [i, h] of singleHolders.entries()) {
      const hash = await deployer.writeContract({ address: suite.token, abi: tokenAbi, functionName: 'mint', args: [h.address, QUANTITY] })
      const r = await waitForReceipt(publicClient, hash, { pollMs: 20 })
      if (r.status !== 'success') throw new Error(`mint to holder ${i} reverted`)
      singleGas += r.gasUsed
      progress(i + 1, S, 'single mints')
    }
    for (const h of [batchHolders[0]!, batchHolders[N - 1]!, singleHolders[S - 1]!]) {
      const b = await publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [h.address] })
      if (b !== QUANTITY) throw new Error(`holder ${h.address} holds ${b}, not ${QUANTITY}`)
    }

    const perBatch = batchGas / BigInt(N)
    const perSingle = singleGas / BigInt(S)
    const sizes = plan.map((c) => c.holders)
    const rows: [string, string][] = [
      ['holders minted with batchMint', fmt(N)],
      ['chunks', `${plan.length} (${Math.min(...sizes)}–${Math.max(...sizes)} holders; at most ${holdersPerChunk(model)} under the budget)`],
      ['planner model', `${fmt(model.baseGas)} + ${fmt(model.perHolderGas)} per holder; chunk budget ${fmt(DEFAULT_CHUNK_GAS_BUDGET)}`],
      ['batchMint gas, all chunks', fmt(batchGas)],
      ['batchMint gas per holder', fmt(perBatch)],
      [`mint gas per holder (${S} single mints)`, fmt(perSingle)],
      ['batchMint / mint, per holder', `${(Number(perBatch) / Number(perSingle)).toFixed(3)} (${(100 - (100 * Number(perBatch)) / Number(perSingle)).toFixed(1)} % less gas)`],
      ['largest chunk: gas used', `${fmt(largest.gasUsed)} (${largest.holders} holders)`],
      ['largest chunk: custody gas limit / cap', `${fmt(largest.gasLimit)} / ${fmt(TX_GAS_CAP)} (${((100 * Number(largest.gasLimit)) / Number(TX_GAS_CAP)).toFixed(1)} %)`],
      ['marginal holder in batchMint: first-time / existing', `${fmt(freshSlope)} / ${fmt(existingSlope)} = ${(Number(freshSlope) / Number(existingSlope)).toFixed(2)} (planner bound ${Number(FIRST_TIME_BOUND_PERCENT) / 100})`],
      ['batchMint chunks sent and confirmed in', `${batchSeconds.toFixed(1)} s`],
    ]
    const w = Math.max(...rows.map(([k]) => k.length))
    say('')
    say(`${'measure'.padEnd(w)} | value`)
    say(`${'-'.repeat(w)}-|-${'-'.repeat(50)}`)
    for (const [k, v] of rows) say(`${k.padEnd(w)} | ${v}`)
    say('')
    say('Gas is receipt gasUsed on anvil; both paths mint to holders new to the token. Custody and the platform add no gas: they only decide who signs.')
  } finally {
    await anvil.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

/**
 * bench/distributions — what our PayoutBatch contract costs per holder
 * against one ERC-20 transfer per holder, and what a Merkle claim costs.
 *
 * On one anvil (the Osaka per-transaction gas cap enforced), with the
 * development stablecoin (OpenZeppelin ERC-20, 6 decimals) and the deployer
 * key as the issuer's treasury:
 *   payout:   N holders new to the stablecoin paid with PayoutBatch.pay in
 *             chunks of the platform's size (each sent with custody's gas
 *             limit: estimate × 1.2 + 10,000); the run stops half-way and
 *             resumes, skipping the chunks the contract says are paid
 *   baseline: S other new holders paid with transfer(), one transaction each
 *   claims:   C holders claim from a MerkleDistributor of N leaves
 * It prints gas per holder for each, their ratio, the largest chunk against
 * the cap, and checks a failing recipient and a replayed chunk. Chain cost
 * only: neither custody nor the platform is involved.
 *
 *   node --import tsx bench/distributions/run.ts [N=10000] [S=1000] [C=50]
 */
import { cpus, loadavg } from 'node:os'
import { BaseError, ContractFunctionRevertedError, decodeEventLog, getAddress, keccak256, maxUint256, parseEventLogs, stringToHex, zeroAddress, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from '../../src/chain/anvil.ts'
import { publicClientFor, walletClientFor } from '../../src/chain/clients.ts'
import { deployContract } from '../../src/chain/deployer.ts'
import { ANVIL_DEV_KEYS } from '../../src/chain/dev-accounts.ts'
import { devStablecoinAbi, merkleDistributorAbi, payoutBatchAbi } from '../../src/chain/generated/abis.ts'
import { waitForReceipt } from '../../src/chain/wait-for-receipt.ts'
import { freePort } from '../../src/shared/net.ts'
import { custodyGasLimit, TX_GAS_CAP } from '../../src/platform/modules/issuance/public.ts'
import { buildClaimTree, PAYOUT_CHUNK_SIZE, payoutCalldata, payoutChunkId, planPayoutChunks } from '../../src/platform/modules/distributions/public.ts'

const N = Number(process.argv[2] ?? 10_000)
const S = Number(process.argv[3] ?? 1_000)
const C = Number(process.argv[4] ?? 50)
const tty = process.stdout.isTTY
const say = (s: string) => process.stdout.write(`${s}\n`)
const fmt = (n: bigint | number) => Number(n).toLocaleString('en-US')

function progress(done: number, total: number, what: string) {
  if (tty) process.stdout.write(`\r  ${what}: ${done}/${total}${done === total ? '\n' : ''}`)
  else if (done === total || done % 250 === 0) say(`  ${what}: ${done}/${total}`)
}

/** A holder address nobody has a key for (the bench only pays, never spends). */
const holder = (tag: string, i: number): Address => getAddress(`0x${keccak256(stringToHex(`bench-distributions:${tag}:${i}`)).slice(26)}`)
/** Amounts differ per holder, as pro-rata entitlements do (1.000001 to 9.999999 cUSD). */
const amountOf = (i: number) => 1_000_001n + BigInt((i * 7919) % 8_999_999)

async function main() {
  say(`distributions bench: ${N} holders paid by PayoutBatch against ${S} single ERC-20 transfers, and ${C} Merkle claims — chain cost only (direct to anvil, deployer key as treasury; no custody, no platform)`)
  say(`machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}`)
  const anvil = await startAnvil({ port: await freePort() })
  try {
    const chainId = 31337
    const publicClient = publicClientFor(anvil.rpcUrl, chainId)
    const treasury = walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
    const me = treasury.account.address
    const ctx = { publicClient, walletClient: treasury }
    const usd = await deployContract(ctx, 'DevStablecoin', ['Custos Dev USD', 'cUSD', me])
    const payout = await deployContract(ctx, 'PayoutBatch')
    const distributor = await deployContract(ctx, 'MerkleDistributor')
    const send = async (to: Address, data: Hex) => {
      const gas = custodyGasLimit(await publicClient.estimateGas({ account: me, to, data }))
      if (gas > TX_GAS_CAP) throw new Error(`gas limit ${gas} over the cap`)
      const r = await waitForReceipt(publicClient, await treasury.sendTransaction({ to, data, gas }), { pollMs: 20 })
      if (r.status !== 'success') throw new Error(`transaction to ${to} reverted`)
      return { receipt: r, gasLimit: gas }
    }
    const call = async (address: Address, abi: typeof devStablecoinAbi | typeof merkleDistributorAbi, functionName: string, args: readonly unknown[]) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const r = await waitForReceipt(publicClient, await treasury.writeContract({ address, abi, functionName, args } as any), { pollMs: 20 })
      if (r.status !== 'success') throw new Error(`${functionName} reverted`)
      return r
    }
    await call(usd, devStablecoinAbi, 'mint', [me, 10n ** 15n])
    await call(usd, devStablecoinAbi, 'approve', [payout, maxUint256])

    // Payout: half the chunks, a stop, then the whole run again from the start.
    const items = Array.from({ length: N }, (_, i) => ({ to: holder('payout', i), amount: amountOf(i) }))
    const chunks = planPayoutChunks(items)
    const chunkIdOf = (i: number) => payoutChunkId('bench', i, 1)
    let payoutGas = 0n
    let largest = { gasUsed: 0n, gasLimit: 0n, holders: 0 }
    let sent = 0
    let skipped = 0
    const t0 = performance.now()
    const runPayout = async (stopAfter: number) => {
      for (const [i, chunk] of chunks.entries()) {
        if (i >= stopAfter) return
        const paid = await publicClient.readContract({ address: payout, abi: payoutBatchAbi, functionName: 'chunkPaid', args: [me, chunkIdOf(i)] })
        if (paid) {
          skipped += 1
          continue
        }
        const { receipt, gasLimit } = await send(payout, payoutCalldata(usd, chunkIdOf(i), chunk))
        const failed = parseEventLogs({ abi: payoutBatchAbi, logs: receipt.logs, eventName: 'PaymentFailed' })
        if (failed.length > 0) throw new Error(`chunk ${i}: ${failed.length} payments failed`)
        payoutGas += receipt.gasUsed
        sent += 1
        if (receipt.gasUsed > largest.gasUsed) largest = { gasUsed: receipt.gasUsed, gasLimit, holders: chunk.length }
        progress(sent, chunks.length, 'payout chunks')
      }
    }
    await runPayout(Math.ceil(chunks.length / 2))
    await runPayout(chunks.length)
    const payoutSeconds = (performance.now() - t0) / 1000
    if (sent !== chunks.length) throw new Error(`sent ${sent} of ${chunks.length} chunks`)
    for (const i of [0, Math.floor(N / 2), N - 1]) {
      const b = await publicClient.readContract({ address: usd, abi: devStablecoinAbi, functionName: 'balanceOf', args: [items[i]!.to] })
      if (b !== items[i]!.amount) throw new Error(`holder ${i} holds ${b}, not ${items[i]!.amount}`)
    }

    // A replayed chunk is refused by the contract; a failing recipient does not stop the others.
    const replay = await publicClient
      .simulateContract({ account: me, address: payout, abi: payoutBatchAbi, functionName: 'pay', args: [usd, chunkIdOf(0), chunks[0]!.map((c) => c.to), chunks[0]!.map((c) => c.amount)] })
      .then(
        () => 'PAID AGAIN',
        (e: BaseError) => {
          const revert = e.walk((x) => x instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
          return `refused (${revert?.data?.errorName ?? e.shortMessage})`
        },
      )
    if (replay === 'PAID AGAIN') throw new Error('a chunk sent again would pay again')
    const mixed = [{ to: holder('mixed', 0), amount: 5n }, { to: zeroAddress, amount: 5n }, { to: holder('mixed', 2), amount: 5n }]
    const { receipt: mixedReceipt } = await send(payout, payoutCalldata(usd, payoutChunkId('bench-mixed', 0, 1), mixed))
    const mixedFailed = parseEventLogs({ abi: payoutBatchAbi, logs: mixedReceipt.logs, eventName: 'PaymentFailed' }).map((l) => l.args.recipient)
    const mixedPaid = await Promise.all([0, 2].map((i) => publicClient.readContract({ address: usd, abi: devStablecoinAbi, functionName: 'balanceOf', args: [mixed[i]!.to] })))
    if (mixedFailed.length !== 1 || mixedFailed[0] !== zeroAddress || mixedPaid.some((b) => b !== 5n)) throw new Error('a failing recipient was not isolated')

    // Baseline: one transfer per holder.
    let singleGas = 0n
    for (let i = 0; i < S; i++) {
      const r = await call(usd, devStablecoinAbi, 'transfer', [holder('single', i), amountOf(i)])
      singleGas += r.gasUsed
      progress(i + 1, S, 'single transfers')
    }

    // Claims: a tree over N holders, C of them claim (the custodian submits for them).
    const leaves = Array.from({ length: N }, (_, i) => ({ index: i, account: holder('claim', i), amount: amountOf(i) }))
    const tree = buildClaimTree(leaves)
    const total = leaves.reduce((s, l) => s + l.amount, 0n)
    await call(usd, devStablecoinAbi, 'approve', [distributor, total])
    const block = await publicClient.getBlock()
    const distId = keccak256(stringToHex('bench-claims'))
    await call(distributor, merkleDistributorAbi, 'create', [distId, usd, tree.root, total, block.timestamp + 86_400n])
    let claimGas = 0n
    for (let k = 0; k < C; k++) {
      const i = Math.floor((k * N) / C)
      const l = leaves[i]!
      const r = await call(distributor, merkleDistributorAbi, 'claim', [distId, BigInt(i), l.account, l.amount, tree.proofs[i]!])
      claimGas += r.gasUsed
      const claimed = r.logs.map((log) => { try { return decodeEventLog({ abi: merkleDistributorAbi, ...log }) } catch { return null } }).find((e) => e?.eventName === 'Claimed')
      if (!claimed) throw new Error(`claim ${i} emitted no Claimed`)
      progress(k + 1, C, 'claims')
    }

    const perPayout = payoutGas / BigInt(N)
    const perSingle = singleGas / BigInt(S)
    const rows: [string, string][] = [
      ['holders paid by PayoutBatch', fmt(N)],
      ['chunks', `${chunks.length} of at most ${PAYOUT_CHUNK_SIZE}; stopped after ${Math.ceil(chunks.length / 2)}, resumed: ${skipped} found paid on-chain and skipped, none paid twice`],
      ['PayoutBatch gas, all chunks', fmt(payoutGas)],
      ['PayoutBatch gas per holder', `${fmt(perPayout)} (target ≤ 30,000)`],
      [`transfer gas per holder (${fmt(S)} single transfers)`, fmt(perSingle)],
      ['PayoutBatch / transfer, per holder', `${(Number(perPayout) / Number(perSingle)).toFixed(3)} (${(100 - (100 * Number(perPayout)) / Number(perSingle)).toFixed(1)} % less gas)`],
      ['largest chunk: gas used', `${fmt(largest.gasUsed)} (${largest.holders} holders)`],
      ['largest chunk: custody gas limit / cap', `${fmt(largest.gasLimit)} / ${fmt(TX_GAS_CAP)} (${((100 * Number(largest.gasLimit)) / Number(TX_GAS_CAP)).toFixed(1)} %)`],
      ['Merkle claim gas per holder', `${fmt(claimGas / BigInt(C))} (${C} claims from a tree of ${fmt(N)} leaves, proofs of ${tree.proofs[0]!.length} hashes)`],
      ['failing recipient in a chunk', 'reported by PaymentFailed; the other two paid'],
      ['chunk sent again', replay],
      ['payout chunks sent and confirmed in', `${payoutSeconds.toFixed(1)} s`],
    ]
    const w = Math.max(...rows.map(([k]) => k.length))
    say('')
    say(`${'measure'.padEnd(w)} | value`)
    say(`${'-'.repeat(w)}-|-${'-'.repeat(50)}`)
    for (const [k, v] of rows) say(`${k.padEnd(w)} | ${v}`)
    say('')
    say('Gas is receipt gasUsed on anvil; every path pays holders new to the stablecoin (the costliest case: a fresh balance slot). Custody and the platform add no gas: they only decide who signs.')
  } finally {
    await anvil.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

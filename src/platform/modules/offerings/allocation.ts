const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/**
 * Token base units an investment buys: `amount × 10^decimals / pricePerToken`
 * (pricePerToken being the price of one whole token), rounded down, and what
 * is left over in stablecoin base units × 10^decimals (0 when the amount buys
 * whole units exactly).
 *
 * @example
 * allocationOf(2_500_000_000n, 1_000_000n, 0) // { units: 2500n, remainder: 0n }
 */
export function allocationOf(amount: bigint, pricePerToken: bigint, decimals: number): { units: bigint; remainder: bigint } {
  const scaled = amount * 10n ** BigInt(decimals)
  return { units: scaled / pricePerToken, remainder: scaled % pricePerToken }
}

/**
 * The smallest investment that buys whole token base units: every exact
 * amount is a multiple of it (`price / gcd(price, 10^decimals)`).
 */
export function investmentStep(pricePerToken: bigint, decimals: number): bigint {
  return pricePerToken / gcd(pricePerToken, 10n ** BigInt(decimals))
}

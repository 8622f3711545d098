/** Base units (a decimal string) as units with `decimals`, grouped by thousands: "1,200.5". No floats. */
export function formatUnits(baseUnits: string | null | undefined, decimals: number | null | undefined): string {
  if (baseUnits === null || baseUnits === undefined) return '—'
  if (decimals === null || decimals === undefined) return `${group(baseUnits)} base units`
  const negative = baseUnits.startsWith('-')
  const digits = (negative ? baseUnits.slice(1) : baseUnits).padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = decimals > 0 ? digits.slice(digits.length - decimals).replace(/0+$/, '') : ''
  return `${negative ? '-' : ''}${group(whole)}${fraction ? `.${fraction}` : ''}`
}

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Units typed by a person ("1,200.5") as base units; throws on more decimals than the asset has. */
export function parseUnits(text: string, decimals: number): string {
  const t = text.replace(/[,\s_]/g, '')
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`"${text}" is not an amount`)
  const [whole, fraction = ''] = t.split('.')
  if (fraction.length > decimals) throw new Error(`at most ${decimals} decimals`)
  return (BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0')).toString()
}

export const shortAddress = (a: string | null | undefined) => (a ? `${a.slice(0, 6)}…${a.slice(-4)}` : '—')

export function when(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`
}

import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../shared/clock.ts'
import { signVendorWebhook, verifyVendorWebhook, type WebhookSignatureFailure } from './webhook-signature.ts'

const SECRET = 'whsec_test_0123456789'
const NOW = 1_767_225_600 // 2026-01-01T00:00:00Z
const BODY = '{"applicantId":"app_42","reviewResult":{"reviewAnswer":"GREEN"}}'
const clock = new ManualClock(NOW * 1000)

describe('verifyVendorWebhook', () => {
  it('accepts the documented form: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>', () => {
    const hex = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex')
    expect(signVendorWebhook(SECRET, BODY, NOW)).toBe(`t=${NOW},v1=${hex}`)
    expect(verifyVendorWebhook({ header: `t=${NOW},v1=${hex}`, rawBody: BODY, secrets: SECRET, clock })).toEqual({ ok: true, timestamp: NOW })
  })

  const signed = signVendorWebhook(SECRET, BODY, NOW)
  it.each<[string, { header: string | undefined; body?: string | Uint8Array; secrets?: string | string[]; tolerance?: number }, WebhookSignatureFailure | 'ok']>([
    ['valid', { header: signed }, 'ok'],
    ['valid, body as bytes', { header: signed, body: new TextEncoder().encode(BODY) }, 'ok'],
    ['valid, upper-case hex and spaces', { header: signed.replace(/v1=(\w+)/, (_, h: string) => `v1=${h.toUpperCase()}`).replace(',', ', ') }, 'ok'],
    ['signed 300 s ago, at the tolerance', { header: signVendorWebhook(SECRET, BODY, NOW - 300) }, 'ok'],
    ['signed 301 s ago', { header: signVendorWebhook(SECRET, BODY, NOW - 301) }, 'SIGNATURE_EXPIRED'],
    ['signed a day ago (replay)', { header: signVendorWebhook(SECRET, BODY, NOW - 86_400) }, 'SIGNATURE_EXPIRED'],
    ['signed 10 minutes ago with a 15-minute tolerance', { header: signVendorWebhook(SECRET, BODY, NOW - 600), tolerance: 900 }, 'ok'],
    ['signed 10 minutes in the future', { header: signVendorWebhook(SECRET, BODY, NOW + 600) }, 'TIMESTAMP_IN_FUTURE'],
    ['body tampered', { header: signed, body: BODY.replace('GREEN', 'RED') }, 'SIGNATURE_MISMATCH'],
    ['body with a trailing newline', { header: signed, body: `${BODY}\n` }, 'SIGNATURE_MISMATCH'],
    ['timestamp tampered', { header: signed.replace(`t=${NOW}`, `t=${NOW - 1}`) }, 'SIGNATURE_MISMATCH'],
    ['wrong secret', { header: signed, secrets: 'whsec_other' }, 'SIGNATURE_MISMATCH'],
    ['secret being rotated: old secret still listed', { header: signed, secrets: ['whsec_new', SECRET] }, 'ok'],
    ['vendor sends two signatures, one valid', { header: `${signVendorWebhook('whsec_new', BODY, NOW)},v1=${signed.split('v1=')[1]}` }, 'ok'],
    ['missing header', { header: undefined }, 'MISSING_SIGNATURE'],
    ['empty header', { header: '  ' }, 'MISSING_SIGNATURE'],
    ['no timestamp', { header: signed.replace(/t=\d+,/, '') }, 'MALFORMED_SIGNATURE'],
    ['no v1', { header: `t=${NOW}` }, 'MALFORMED_SIGNATURE'],
    ['v1 not hex', { header: `t=${NOW},v1=${'z'.repeat(64)}` }, 'MALFORMED_SIGNATURE'],
    ['v1 too short', { header: `t=${NOW},v1=abcd` }, 'MALFORMED_SIGNATURE'],
    ['timestamp not a number', { header: signed.replace(`t=${NOW}`, 't=yesterday') }, 'MALFORMED_SIGNATURE'],
    ['two timestamps', { header: `t=${NOW},${signed}` }, 'MALFORMED_SIGNATURE'],
    ['not key=value', { header: 'sha256 abcdef' }, 'MALFORMED_SIGNATURE'],
  ])('%s', (_label, c, expected) => {
    const v = verifyVendorWebhook({
      header: c.header,
      rawBody: c.body ?? BODY,
      secrets: c.secrets ?? SECRET,
      clock,
      ...(c.tolerance === undefined ? {} : { toleranceSeconds: c.tolerance }),
    })
    if (expected === 'ok') expect(v).toMatchObject({ ok: true })
    else expect(v).toMatchObject({ ok: false, reason: expected })
  })

  it('never puts the secret or the expected signature in its message', () => {
    const expectedHex = signed.split('v1=')[1]!
    const v = verifyVendorWebhook({ header: `t=${NOW},v1=${'0'.repeat(64)}`, rawBody: BODY, secrets: SECRET, clock })
    expect(v.ok).toBe(false)
    if (!v.ok) {
      expect(v.message).not.toContain(SECRET)
      expect(v.message).not.toContain(expectedHex)
    }
  })
})

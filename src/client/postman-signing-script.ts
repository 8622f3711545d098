/**
 * The collection-level pre-request script of the generated Postman collections: it signs each
 * request the way `sign-request.ts` does. Postman resolves `{{variables}}` (and dynamic ones such
 * as `{{$guid}}`) only when it sends a request, so the script first resolves the URL and the raw
 * body itself and writes them back: what is signed is byte for byte what goes out. It runs in
 * Postman's sandbox (and newman's), where `crypto-js` is available; it is plain ES5-ish
 * JavaScript kept as lines of text, as a collection stores it.
 */
export const POSTMAN_SIGNING_SCRIPT: string[] = [
  '// Custos request signing: HMAC-SHA256(secret, timestamp + METHOD + path?query + body), lowercase hex.',
  '// Needs the environment variables apiKeyId and apiSecret (and optionally onBehalfOf, for a service key).',
  "const hmac = require('crypto-js')",
  "const keyId = pm.variables.get('apiKeyId')",
  "const secret = pm.variables.get('apiSecret')",
  "if (!keyId || !secret) throw new Error('Set apiKeyId and apiSecret in the environment (npm start writes them to CUSTOS_HOME/dev-credentials.json)')",
  '// Resolve variables now and keep the result, so a dynamic variable is not drawn twice.',
  'const url = pm.variables.replaceIn(pm.request.url.toString())',
  'pm.request.url.update(url)',
  "let body = ''",
  "if (pm.request.body && pm.request.body.mode === 'raw' && pm.request.body.raw) {",
  '  body = pm.variables.replaceIn(pm.request.body.raw)',
  "  pm.request.body.update({ mode: 'raw', raw: body, options: { raw: { language: 'json' } } })",
  '}',
  '// The path and query exactly as on the request line.',
  "const afterHost = url.replace(/^[a-z][a-z0-9+.-]*:\\/\\/[^/?#]*/i, '').replace(/#.*$/, '')",
  "const pathWithQuery = afterHost.startsWith('/') ? afterHost : '/' + afterHost",
  'const timestamp = String(Date.now())',
  "const onBehalfOf = pm.variables.get('onBehalfOf')",
  "let signed = onBehalfOf ? 'x-custos-on-behalf-of:' + onBehalfOf + '\\n' : ''",
  'signed += timestamp + pm.request.method.toUpperCase() + pathWithQuery + body',
  'const signature = hmac.HmacSHA256(signed, secret).toString(hmac.enc.Hex)',
  "pm.request.headers.upsert({ key: 'X-API-Key', value: keyId })",
  "pm.request.headers.upsert({ key: 'X-API-Timestamp', value: timestamp })",
  "pm.request.headers.upsert({ key: 'X-API-Signature', value: signature })",
  "if (onBehalfOf) pm.request.headers.upsert({ key: 'X-Custos-On-Behalf-Of', value: onBehalfOf })",
]

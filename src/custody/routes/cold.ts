import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { exportColdPayload, importColdSignature } from '../cold/offline-signing.ts'
import { serializeTransaction } from '../transactions/serialize.ts'
import { Problem, Transaction } from './schemas.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })

const ColdPayload = Type.Object({
  format: Type.Literal('custos-cold-payload'),
  version: Type.Literal(1),
  transactionId: Type.String(),
  externalTxId: Type.String(),
  vaultId: Type.String(),
  keyBackend: Type.String(),
  keyRef: Type.String(),
  from: Type.String(),
  transaction: Type.Object({
    type: Type.Literal('eip1559'),
    chainId: Type.Integer(),
    nonce: Type.String(),
    to: Type.String(),
    data: Type.String(),
    value: Type.String(),
    gas: Type.String(),
    maxFeePerGas: Type.String(),
    maxPriorityFeePerGas: Type.String(),
  }),
  signingHash: Type.String(),
  summary: Type.Object({
    operation: Type.String(),
    asset: Type.Union([Type.String(), Type.Null()]),
    amount: Type.Union([Type.String(), Type.Null()]),
    destination: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
  }),
})

/** Cold vaults: export the unsigned payload, import the transaction signed offline. */
export function registerColdRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/transactions/:id/cold-payload',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['cold signing'],
        summary: 'The unsigned payload of a cold vault transaction (nonce and fees reserved), for `custos custody cold-sign`',
        params: Id,
        response: { 200: ColdPayload, ...errors },
      },
    },
    async (req) => exportColdPayload(ctx, req.params.id, { actor: auditActor(requirePrincipal(req)), correlationId: String(req.id) }),
  )

  app.post(
    '/v1/transactions/:id/cold-signature',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['cold signing'],
        summary: 'Import the offline-signed transaction; it must be exactly the exported one, signed by the vault',
        params: Id,
        body: Type.Object({ raw: Type.String({ pattern: '^0x([0-9a-fA-F]{2})+$', maxLength: 300_000 }) }, { additionalProperties: true }),
        response: { 200: Transaction, ...errors },
      },
    },
    async (req) => {
      const row = await importColdSignature(ctx, req.params.id, req.body.raw as `0x${string}`, { actor: auditActor(requirePrincipal(req)), correlationId: String(req.id) })
      return serializeTransaction(row)
    },
  )
}

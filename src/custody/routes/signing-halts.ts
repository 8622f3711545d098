import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { ChangeRequest } from '../governance/route-schemas.ts'
import { listSigningHalts, requestSigningResume } from '../pipeline/signing-halts.ts'
import { Address, Problem } from './schemas.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }

const SigningHalt = Type.Object({
  id: Type.String(),
  chainId: Type.Integer(),
  address: Type.String(),
  chainNonce: Type.String({ description: "the chain's nonce of the address when it was halted" }),
  ledgerNonce: Type.String({ description: "custody's next nonce for the address when it was halted" }),
  reason: Type.String(),
  haltedAt: Type.String({ format: 'date-time' }),
})

/** Addresses custody stopped signing for (their nonce was used outside custody), and how to resume one. */
export function registerSigningHaltRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/signing-halts',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['vaults'], summary: 'Addresses custody signs nothing for until an admin quorum resumes them', response: { 200: Type.Object({ items: Type.Array(SigningHalt) }), ...errors } },
    },
    async () => ({ items: await listSigningHalts(ctx) }),
  )

  app.post(
    '/v1/signing-halts/:address/resume',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['vaults'],
        summary: 'Ask to resume signing for a halted address; effective once an admin quorum approves the change request',
        params: Type.Object({ address: Address }),
        body: Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        response: { 202: ChangeRequest, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      return reply.status(202).send(await requestSigningResume(ctx, req.params.address, { keyId: p.keyId, correlationId: String(req.id), comment: req.body?.comment }))
    },
  )
}

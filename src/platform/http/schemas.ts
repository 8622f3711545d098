import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])

export const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), detail: Type.String() },
  { additionalProperties: true },
)
export const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem }

export const Workflow = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  step: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: NStr,
  lastErrorCode: NStr,
  waitingOn: NStr,
  state: Type.Unknown(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: NStr,
})

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NStr })
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

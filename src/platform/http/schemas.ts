import { Type } from 'typebox'
import { Problem } from '../../shared/http/problem-schema.ts'

const NStr = Type.Union([Type.String(), Type.Null()])

export { Problem }
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
}, { title: 'Workflow' })

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NStr })
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CustodyOperations, CustodyPaths } from '../../client/custody-client.ts'
import { createTypedClient, type ClientOptions, type ProblemShape, type SuccessData, type TypedClient } from '../../client/typed-client.ts'
import { CustosError } from '../../shared/errors.ts'
import { writeManifest, type Manifest } from '../log/export-format.ts'
import type { HttpExportManifest } from './export-snapshot.ts'

type AuditExportPath = '/v1/audit/exports' | '/v1/audit/exports/{id}' | '/v1/audit/exports/{id}/approve' | '/v1/audit/exports/{id}/reject' | '/v1/audit/exports/{id}/segments/{index}'
/**
 * The audit export API. Custody and the platform serve the same audit routes (src/audit), and
 * their documents state these operations alike, so one client serves either service's API.
 */
export type AuditExportPaths = Pick<CustodyPaths, AuditExportPath>
/** A typed, signing client of a service's audit export API (custody's or the platform's). */
export type AuditExportClient = TypedClient<AuditExportPaths, ProblemShape>
/** An export request as the API documents it. */
export type AuditExportRequest = SuccessData<CustodyOperations['postAuditExports']>

/** The audit export client of the service at `baseUrl` (custody or platform), or over an existing signed transport. */
export function createAuditExportClient(opts: ClientOptions): AuditExportClient {
  return createTypedClient<AuditExportPaths, ProblemShape>(opts)
}

export interface DownloadAuditExportResult {
  request: AuditExportRequest
  manifest: HttpExportManifest
  /** SHA-256 (hex) of the manifest.json written. */
  manifestSha256: string
  /** Segment files fetched (those already in the folder with the right hash are kept). */
  fetched: number
}

/** The service's problem; not one the client made up for an error without problem+json (code HTTP_<status>). */
export function serviceProblem(res: { ok: boolean; status: number; problem?: ProblemShape | undefined }): ProblemShape | undefined {
  return res.ok || !res.problem || res.problem.code === `HTTP_${res.status}` ? undefined : res.problem
}

function refused(what: string, res: { ok: boolean; status: number; problem?: ProblemShape | undefined }): CustosError {
  const problem = serviceProblem(res)
  return new CustosError(problem?.code ?? 'AUDIT_EXPORT_DOWNLOAD_FAILED', `${what}: ${problem ? problem.detail : `HTTP ${res.status}`}`, { status: 502 })
}

async function hasFile(path: string, sha: string): Promise<boolean> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex') === sha
  } catch {
    return false
  }
}

/**
 * Downloads an available export through a service's audit API into `dir`,
 * as the same folder `exportAudit` writes (manifest.json and
 * segments/<sha256>.ndjson), checking every segment's hash on the way. Only
 * the key that requested the export can download it.
 *
 * @example
 * await downloadAuditExport(createAuditExportClient({ baseUrl, keyId, secret }), exportId, './audit-export')
 */
export async function downloadAuditExport(client: AuditExportClient, id: string, dir: string): Promise<DownloadAuditExportResult> {
  const res = await client.GET('/v1/audit/exports/{id}', { path: { id } })
  if (!res.ok || res.status !== 200) throw refused(`reading export ${id}`, res)
  // The document leaves the manifest's shape open (src/audit/README.md §3.2 states it).
  const { manifest: documented, ...request } = res.data
  const manifest = documented as HttpExportManifest | null
  if (!manifest) {
    throw new CustosError(request.status === 'PENDING_APPROVAL' ? 'AUDIT_EXPORT_NOT_APPROVED' : `AUDIT_EXPORT_${request.status}`, `export ${id} is ${request.status}${request.status === 'PENDING_APPROVAL' ? ': a second officer must approve it first' : ''}`, { status: 409 })
  }
  await mkdir(join(dir, 'segments'), { recursive: true })
  let fetched = 0
  for (let i = 0; i < manifest.segments.length; i++) {
    const seg = manifest.segments[i]!
    if (!/^[0-9a-f]{64}$/.test(seg.sha256) || seg.file !== `segments/${seg.sha256}.ndjson`) throw new CustosError('AUDIT_EXPORT_DOWNLOAD_FAILED', `segment ${i} has a malformed name ${JSON.stringify(seg.file)}`, { status: 502 })
    const path = join(dir, seg.file)
    if (await hasFile(path, seg.sha256)) continue
    // A segment is NDJSON, not a documented JSON answer: fetched untyped, as text.
    const part = await client.raw('GET', `/v1/audit/exports/${encodeURIComponent(id)}/segments/${i}`)
    if (!part.ok || part.status !== 200 || typeof part.data !== 'string') throw refused(`downloading segment ${i} of export ${id}`, part)
    const data = Buffer.from(part.data, 'utf8')
    const sha = createHash('sha256').update(data).digest('hex')
    if (sha !== seg.sha256) throw new CustosError('AUDIT_EXPORT_DOWNLOAD_FAILED', `segment ${i} arrived with hash ${sha}, the manifest names ${seg.sha256}`, { status: 502 })
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(tmp, data)
    await rename(tmp, path)
    fetched++
  }
  const manifestSha256 = await writeManifest(dir, manifest as unknown as Manifest)
  return { request, manifest, manifestSha256, fetched }
}

import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'
import { CustosError } from '../../shared/errors.ts'
import { writeManifest, type Manifest } from '../log/export-format.ts'
import type { ExportRequestView } from './export-requests.ts'
import type { HttpExportManifest } from './export-snapshot.ts'

export interface DownloadAuditExportResult {
  request: ExportRequestView
  manifest: HttpExportManifest
  /** SHA-256 (hex) of the manifest.json written. */
  manifestSha256: string
  /** Segment files fetched (those already in the folder with the right hash are kept). */
  fetched: number
}

function refused(what: string, res: { status: number; problem?: { code: string; detail: string } | undefined }): CustosError {
  return new CustosError(res.problem?.code ?? 'AUDIT_EXPORT_DOWNLOAD_FAILED', `${what}: ${res.problem ? res.problem.detail : `HTTP ${res.status}`}`, { status: 502 })
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
 * await downloadAuditExport(createSignedFetch({ baseUrl, keyId, secret }), exportId, './audit-export')
 */
export async function downloadAuditExport(client: SignedFetch, id: string, dir: string): Promise<DownloadAuditExportResult> {
  const res = await client.get<ExportRequestView & { manifest: HttpExportManifest | null }>(`/v1/audit/exports/${encodeURIComponent(id)}`)
  if (res.status !== 200) throw refused(`reading export ${id}`, res)
  const { manifest, ...request } = res.body
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
    const part = await client.get<string>(`/v1/audit/exports/${encodeURIComponent(id)}/segments/${i}`)
    if (part.status !== 200 || typeof part.body !== 'string') throw refused(`downloading segment ${i} of export ${id}`, part)
    const data = Buffer.from(part.body, 'utf8')
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

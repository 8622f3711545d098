import { CustosError } from '../../../shared/errors.ts'

/**
 * Parses comma-separated text into rows of fields (RFC 4180 quoting: a quoted
 * field may hold commas, line breaks and doubled quotes). Accepts CRLF, LF or
 * CR line ends, skips blank lines, and ignores the DOS end-of-file byte (0x1A)
 * that OFAC's downloads end with. No header handling: every row is data.
 *
 * @example
 * parseCsv('36,"AEROCARIBBEAN AIRLINES","-0- "\r\n') // [['36', 'AEROCARIBBEAN AIRLINES', '-0- ']]
 */
export function parseCsv(text: string, source = 'csv'): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let fieldStarted = false
  let line = 1
  let openedAt = 0
  let i = 0
  const n = text.length
  const endRow = () => {
    row.push(field)
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
    field = ''
    fieldStarted = false
  }
  while (i < n) {
    const c = text.charCodeAt(i)
    if (quoted) {
      if (c === 0x22 /* " */) {
        if (text.charCodeAt(i + 1) === 0x22) {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      if (c === 0x0a) line++
      field += text[i]
      i++
      continue
    }
    if (c === 0x22 && !fieldStarted) {
      quoted = true
      fieldStarted = true
      openedAt = line
      i++
    } else if (c === 0x2c /* , */) {
      row.push(field)
      field = ''
      fieldStarted = false
      i++
    } else if (c === 0x0d || c === 0x0a) {
      endRow()
      line++
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1
    } else if (c === 0x1a || (c === 0xfeff && i === 0)) {
      i++
    } else {
      // Text after a closing quote ("abc"def) is kept rather than refused:
      // the list must load, and the stray text stays visible to a reviewer.
      field += text[i]
      fieldStarted = true
      i++
    }
  }
  if (quoted) {
    throw new CustosError('KYC_LIST_INVALID', `${source}: a quoted field opened on line ${openedAt} is never closed`, {
      details: { source, line: openedAt },
    })
  }
  if (field !== '' || row.length > 0) endRow()
  return rows
}

import { describe, expect, it } from 'vitest'
import { parseCsv } from './parse-csv.ts'

describe('parseCsv', () => {
  it.each([
    ['plain fields', 'a,b,c', [['a', 'b', 'c']]],
    ['quoted field holding commas', '1,"VOLKOV, Dmitriy","x"', [['1', 'VOLKOV, Dmitriy', 'x']]],
    ['doubled quotes inside a quoted field', '2,"JSC ""SEVERNAYA ZVEZDA""",y', [['2', 'JSC "SEVERNAYA ZVEZDA"', 'y']]],
    ['quoted field that is only a doubled quote', '"""",z', [['"', 'z']]],
    ['line break inside a quoted field', '3,"line one\r\nline two"\r\n4,b', [['3', 'line one\r\nline two'], ['4', 'b']]],
    ['CRLF line ends', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['LF line ends', 'a,b\nc,d\n', [['a', 'b'], ['c', 'd']]],
    ['CR line ends', 'a,b\rc,d', [['a', 'b'], ['c', 'd']]],
    ['OFAC null marker kept verbatim', '5,"-0- ","-0- "', [['5', '-0- ', '-0- ']]],
    ['empty fields', 'a,,c,', [['a', '', 'c', '']]],
    ['blank lines skipped', 'a\r\n\r\n\r\nb\r\n', [['a'], ['b']]],
    ['DOS end-of-file byte ignored', 'a,b\r\n\x1a', [['a', 'b']]],
    ['byte order mark ignored', '\ufeffa,b', [['a', 'b']]],
    ['empty input', '', []],
  ])('%s', (_label, text, rows) => {
    expect(parseCsv(text)).toEqual(rows)
  })

  it('refuses a quoted field that never closes, naming the line', () => {
    expect(() => parseCsv('1,"ok"\r\n2,"broken,\r\n3,x', 'SDN.CSV')).toThrowError(
      expect.objectContaining({ code: 'KYC_LIST_INVALID', message: expect.stringContaining('SDN.CSV: a quoted field opened on line 2') }),
    )
  })
})

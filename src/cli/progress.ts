/**
 * Progress for long commands: one line rewritten in place on a terminal,
 * plain numbered lines otherwise (CI logs, pipes).
 */
export function createProgress(label: string, out: NodeJS.WriteStream = process.stdout) {
  let n = 0
  const tty = Boolean(out.isTTY)
  return {
    step(what: string) {
      n += 1
      if (tty) out.write(`\r\x1b[K${label} [${n}] ${what}`)
      else out.write(`${label} [${n}] ${what}\n`)
    },
    done(summary: string) {
      if (tty) out.write(`\r\x1b[K`)
      out.write(`${label}: ${summary}\n`)
    },
  }
}

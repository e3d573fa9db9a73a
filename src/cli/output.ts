/**
 * Terminal output: results on stdout (a human table, or exactly one JSON document with --json),
 * messages and progress on stderr. Color only when wanted (NO_COLOR, --no-color, non-TTY off).
 */
export interface Writer {
  write(text: string): void
  isTTY?: boolean
  columns?: number
  /** Resolves once buffered output is taken by the reader (backpressure for streamed output). */
  drain?(): Promise<void>
}

export interface OutputOptions {
  json: boolean
  quiet: boolean
  verbose: boolean
  color: boolean
  stdout: Writer
  stderr: Writer
  /** COLUMNS, and DBTOOLING_PROGRESS_MS (how often progress is logged when stderr is not a terminal). */
  env?: Record<string, string | undefined>
}

/** Progress lines in logs (no terminal): often enough to show life, rarely enough to stay readable. */
const PROGRESS_LOG_MS = 10_000

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const
type Style = keyof typeof codes

export class Output {
  readonly json: boolean
  readonly quiet: boolean
  readonly verbose: boolean
  readonly color: boolean
  private readonly stdout: Writer
  private readonly stderr: Writer
  private jsonWritten = false
  private readonly env: Record<string, string | undefined>
  private readonly progressLogMs: number

  constructor(options: OutputOptions) {
    this.json = options.json
    this.quiet = options.quiet
    this.verbose = options.verbose
    this.color = options.color
    this.stdout = options.stdout
    this.stderr = options.stderr
    this.env = options.env ?? {}
    const ms = Number(this.env.DBTOOLING_PROGRESS_MS)
    this.progressLogMs = Number.isFinite(ms) && ms > 0 ? ms : PROGRESS_LOG_MS
  }

  /** Whether stdout is a terminal (human formats) rather than a pipe or file (machine formats). */
  get stdoutIsTerminal(): boolean {
    return !!this.stdout.isTTY
  }

  style(style: Style, text: string): string {
    if (!this.color) return text
    const [open, close] = codes[style]
    return `\x1b[${open}m${text}\x1b[${close}m`
  }

  /** A line of human output on stdout (ignored in --json mode, where only `result` writes stdout). */
  line(text = ''): void {
    if (!this.json) this.stdout.write(text + '\n')
  }

  /** Raw stdout, for streaming formats such as JSON lines that are the result themselves. */
  raw(text: string): void {
    this.stdout.write(text)
  }

  /** Waits until stdout's reader has caught up: streaming commands call it so memory stays flat. */
  drained(): Promise<void> {
    return this.stdout.drain?.() ?? Promise.resolve()
  }

  /** The command's result: one JSON document with --json, else the human rendering. */
  result(data: unknown, human?: () => void): void {
    if (this.json) {
      if (this.jsonWritten) throw new Error('a command wrote two JSON results')
      this.jsonWritten = true
      this.stdout.write(JSON.stringify(data, jsonReplacer, 2) + '\n')
    } else if (human) human()
    else this.stdout.write((typeof data === 'string' ? data : JSON.stringify(data, jsonReplacer, 2)) + '\n')
  }

  /** Informational message on stderr, silenced by --quiet. */
  info(text: string): void {
    if (!this.quiet) this.stderr.write(text + '\n')
  }

  warn(text: string): void {
    this.stderr.write(this.style('yellow', 'warning: ') + text + '\n')
  }

  /** A problem on stderr (one of several, e.g. each malformed line of an import). */
  error(code: string, message: string, hint?: string): void {
    this.stderr.write(`${this.style('red', `error ${code}:`)} ${message}\n`)
    if (hint) this.stderr.write(`${this.style('dim', 'fix:')} ${hint}\n`)
  }

  /**
   * The error that ends the command: on stderr, and with --json also as the command's one JSON
   * document on stdout, `{"error": {"code", "message", "hint"}}`, so scripts read one shape.
   */
  fail(code: string, message: string, hint?: string): void {
    this.error(code, message, hint)
    if (this.json && !this.jsonWritten) {
      this.jsonWritten = true
      this.stdout.write(JSON.stringify({ error: { code, message, ...(hint ? { hint } : {}) } }, null, 2) + '\n')
    }
  }

  debug(text: string): void {
    if (this.verbose) this.stderr.write(this.style('dim', text) + '\n')
  }

  /** A table sized to the terminal: long cells are cut with an ellipsis. */
  table(rows: Record<string, unknown>[], columns?: string[]): void {
    const cols = columns ?? [...new Set(rows.flatMap(r => Object.keys(r)))]
    if (rows.length === 0) {
      this.line(this.style('dim', '(no rows)'))
      return
    }
    const cells = rows.map(r => cols.map(c => cellText(r[c])))
    const width = this.width()
    const natural = cols.map((c, i) => Math.max(c.length, ...cells.map(row => row[i]!.length)))
    const budget = Math.max(8, Math.floor((width - 2 * (cols.length - 1)) / Math.max(1, cols.length)))
    const total = natural.reduce((a, b) => a + b, 0) + 2 * (cols.length - 1)
    const widths = total <= width ? natural : natural.map(w => Math.min(w, budget))
    const fit = (text: string, w: number) => (text.length > w ? text.slice(0, Math.max(1, w - 1)) + '…' : text.padEnd(w))
    this.line(this.style('bold', cols.map((c, i) => fit(c, widths[i]!)).join('  ').trimEnd()))
    for (const row of cells) this.line(row.map((t, i) => fit(t, widths[i]!)).join('  ').trimEnd())
  }

  /**
   * Columns a table may use: the terminal's width; COLUMNS when set; else no limit (a pipe or a
   * file gets whole cells).
   */
  private width(): number {
    if (this.stdout.columns && this.stdout.columns > 20) return this.stdout.columns
    const columns = Number(this.env.COLUMNS)
    if (Number.isInteger(columns) && columns > 20) return columns
    return this.stdout.isTTY ? 120 : Infinity
  }

  /**
   * Progress on stderr (not with --quiet/--json): redrawn in place on a terminal; elsewhere (CI
   * logs) one line every PROGRESS_LOG_MS. With a known total, the percentage too.
   */
  progress(label: string, total?: number): Progress {
    const shown = !this.quiet && !this.json
    const live = shown && !!this.stderr.isTTY
    const started = Date.now()
    let count = 0
    let lastDraw = live ? 0 : started
    const line = () => {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000)
      const rate = Math.round(count / seconds)
      const pct = total ? ` ${Math.min(100, Math.floor((count / total) * 100))}%` : ''
      return `${label}: ${count}${total ? `/${total}` : ''}${pct} (${rate}/s)`
    }
    return {
      tick: (n = 1) => {
        count += n
        if (!shown) return
        const now = Date.now()
        if (live && now - lastDraw > 100) {
          lastDraw = now
          this.stderr.write(`\r${line()}`)
        } else if (!live && now - lastDraw >= this.progressLogMs) {
          lastDraw = now
          this.stderr.write(`${line()}\n`)
        }
      },
      done: () => {
        if (live) this.stderr.write(`\r${line()}\n`)
        return { count, seconds: (Date.now() - started) / 1000 }
      },
    }
  }
}

export interface Progress {
  tick(n?: number): void
  done(): { count: number; seconds: number }
}

/** `1 item`, `2 items`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value.replace(/\s+/g, ' ')
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value, jsonReplacer)
}

/** JSON for values JSON.stringify can't handle natively: bigint, Set, Uint8Array. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Set) return [...value]
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return value
}

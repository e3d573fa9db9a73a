/**
 * The `bun build` flags of the binary, shared by scripts/build.ts and the cold-start benchmark (which
 * compiles the AWS SDK comparison with the same ones).
 *
 * --format=esm: bin/dbtooling.ts uses top-level await, which the default (CommonJS) bytecode rejects.
 * --bytecode roughly halves cold start. --splitting keeps each lazily imported command group
 * (src/cli/registry.ts) in its own chunk: without it the bundler wraps every module in a lazy
 * initializer that the bytecode cache does not cover, and nothing is saved.
 * --compile-jit-policy: a one-shot command runs almost all of its code once, so tiering it up in the
 * JIT only costs time; 3x JavaScriptCore's thresholds saves about 1 ms of a ~14 ms `get`. Commands
 * that run long (a server, a transfer, the REPL) set the normal policy back (src/cli/main.ts).
 * Identifiers are not minified and the source map is embedded, so a --verbose stack trace names the
 * functions and their source lines (src/aws/http.ts:265): 1.1 MB more binary, no measurable cold-start
 * cost (docs/benchmarks.md). `--minify --keep-names` kept method names but not top-level functions.
 */
export const COMPILE_FLAGS = ['--compile', '--minify-whitespace', '--minify-syntax', '--sourcemap', '--format=esm', '--splitting', '--compile-jit-policy=3']
export const BYTECODE_FLAG = '--bytecode'

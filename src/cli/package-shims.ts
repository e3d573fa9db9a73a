/**
 * Lets a config or model file that imports `dbtooling` (or a subpath, `dbtooling/scoped`) load in the
 * standalone binary, where there is no node_modules: each specifier becomes a Bun virtual module
 * answered by the binary's own copy, as stacks-shims.ts does for `@stacksjs/*`. The modules are
 * imported only when a file asks for them, so a command that reads no such file pays nothing.
 */

/** Every entry of package.json `exports` (test/cli/package-shims.test.ts keeps the two in step). */
export const PACKAGE_ENTRIES: Record<string, () => Promise<object>> = {
  dbtooling: () => import('../index.ts'),
  'dbtooling/client': () => import('../entries/client.ts'),
  'dbtooling/credentials': () => import('../entries/credentials.ts'),
  'dbtooling/document': () => import('../entries/document.ts'),
  'dbtooling/local': () => import('../entries/local.ts'),
  'dbtooling/single-table': () => import('../entries/single-table.ts'),
  'dbtooling/scoped': () => import('../scoped/index.ts'),
  'dbtooling/orm': () => import('../orm/index.ts'),
  'dbtooling/infra': () => import('../infra/index.ts'),
  'dbtooling/mcp': () => import('../mcp/index.ts'),
}

let installed = false

/** Registers the virtual modules once per process. */
export function installPackageShims(): void {
  if (installed) return
  installed = true
  Bun.plugin({
    name: 'dbtooling-package',
    setup(build) {
      for (const [specifier, load] of Object.entries(PACKAGE_ENTRIES)) {
        build.module(specifier, async () => ({ exports: { ...(await load()) }, loader: 'object' }))
      }
    },
  })
}

/**
 * Resources: each table's description (dynamodb://tables/{name}) and, when models are loaded,
 * the access-pattern document (dbtooling://access-patterns) and the models (dbtooling://models).
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import { describeTable, listAllTables } from '../service/tables.ts'
import type { ResourceEntry, ResourceProvider } from './server.ts'
import type { DesignSource } from './tools/models.ts'

const TABLE_PREFIX = 'dynamodb://tables/'

export function tableResources(doc: DocumentClient): ResourceProvider {
  return {
    templates: [{ uriTemplate: `${TABLE_PREFIX}{table}`, name: 'table', description: 'DescribeTable of a table: keys, indexes, item count, status', mimeType: 'application/json' }],
    async list(signal) {
      const names = await listAllTables(doc, { signal })
      return names.map((name): ResourceEntry => ({ uri: TABLE_PREFIX + encodeURIComponent(name), name, title: `Table ${name}`, description: `DescribeTable of ${name}`, mimeType: 'application/json' }))
    },
    async read(uri, signal) {
      if (!uri.startsWith(TABLE_PREFIX)) return undefined
      const name = decodeURIComponent(uri.slice(TABLE_PREFIX.length))
      try {
        return { mimeType: 'application/json', text: JSON.stringify((await describeTable(doc, name, { signal })).description, null, 2) }
      } catch (error) {
        if ((error as { code?: string }).code === 'ResourceNotFoundException') return undefined
        throw error
      }
    },
  }
}

export function designResources(design: DesignSource): ResourceProvider {
  return {
    async list() {
      if (!(await design.available())) return []
      return [
        { uri: 'dbtooling://access-patterns', name: 'access-patterns', title: 'Access patterns', description: 'Every access pattern of the single-table design, with its key conditions', mimeType: 'text/markdown' },
        { uri: 'dbtooling://models', name: 'models', title: 'Models and table design', description: 'The entities, their keys and indexes, and the CreateTable input', mimeType: 'text/markdown' },
      ]
    },
    async read(uri) {
      if (uri !== 'dbtooling://access-patterns' && uri !== 'dbtooling://models') return undefined
      if (!(await design.available())) return undefined
      const loaded = await design.load()
      const render = await import('../single-table/design/render.ts')
      return { mimeType: 'text/markdown', text: uri === 'dbtooling://access-patterns' ? render.renderAccessPatternsMarkdown(loaded.patterns, loaded.schema) : render.renderSchemaMarkdown(loaded.schema).join('\n') }
    },
  }
}

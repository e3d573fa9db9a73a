/**
 * Resources: each table's description (dynamodb://tables/{name}) and, when models are loaded,
 * the access-pattern document (dbtooling://access-patterns) and the models (dbtooling://models).
 */
import type { DocumentClient } from '../dynamodb/document.ts'
import type { ResourceEntry, ResourceProvider } from './server.ts'
import type { DesignSource } from './tools/models.ts'

const TABLE_PREFIX = 'dynamodb://tables/'

export function tableResources(doc: DocumentClient): ResourceProvider {
  return {
    templates: [{ uriTemplate: `${TABLE_PREFIX}{table}`, name: 'table', description: 'DescribeTable of a table: keys, indexes, item count, status', mimeType: 'application/json' }],
    async list(signal) {
      const names: string[] = []
      let start: string | undefined
      do {
        const out = (await doc.client.send('ListTables', { ...(start ? { ExclusiveStartTableName: start } : {}) }, { signal })) as { TableNames?: string[]; LastEvaluatedTableName?: string }
        names.push(...(out.TableNames ?? []))
        start = out.LastEvaluatedTableName
      } while (start && names.length < 1000)
      return names.map((name): ResourceEntry => ({ uri: TABLE_PREFIX + encodeURIComponent(name), name, title: `Table ${name}`, description: `DescribeTable of ${name}`, mimeType: 'application/json' }))
    },
    async read(uri, signal) {
      if (!uri.startsWith(TABLE_PREFIX)) return undefined
      const name = decodeURIComponent(uri.slice(TABLE_PREFIX.length))
      try {
        const out = (await doc.client.send('DescribeTable', { TableName: name }, { signal })) as { Table?: unknown }
        return { mimeType: 'application/json', text: JSON.stringify(out.Table, null, 2) }
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

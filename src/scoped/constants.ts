/** The scoped-entity table's vocabulary, with the values @jaypie/dynamodb publishes. */

/** The scope of a root record (DynamoDB refuses empty strings in keys). */
export const APEX = '@'
/** Joins the parts of a composite key. */
export const SEPARATOR = '#'

export const INDEX_SCOPE = 'indexScope'
export const INDEX_ALIAS = 'indexAlias'
export const INDEX_CLASS = 'indexClass'
export const INDEX_TYPE = 'indexType'
export const INDEX_XID = 'indexXid'

/** Every GSI of the table, each partitioned by the attribute of its name and sorted by `sequence`. */
export const SCOPED_INDEXES = [INDEX_SCOPE, INDEX_ALIAS, INDEX_CLASS, INDEX_TYPE, INDEX_XID] as const
export type ScopedIndexName = (typeof SCOPED_INDEXES)[number]

/** The sort key of every GSI. */
export const SEQUENCE = 'sequence'

/**
 * Appended to the index keys of archived and deleted records: they move to partitions of their
 * own, so a query for live records is a key condition alone and `Limit` counts live items only.
 */
export const ARCHIVED_SUFFIX = '#archived'
export const DELETED_SUFFIX = '#deleted'

/**
 * Alias sentinels live in the partition "@alias#{model}", one item per live alias of the model
 * within a scope. Models may not start with APEX, so no record can share those partitions.
 */
export const ALIAS_SENTINEL_PREFIX = '@alias#'

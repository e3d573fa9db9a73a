/** What the server tells an assistant in its initialize answer. */
export const INSTRUCTIONS =
  'DynamoDB through dbtooling. Scoped records (model + id, hierarchical scopes) use the dynamodb_get/put/update/delete/query_* tools on the configured table; any table through dynamodb_get_item, dynamodb_query, dynamodb_scan; models through dynamodb_list_access_patterns and dynamodb_run_access_pattern. Every list is paged: pass the returned cursor to continue. Writes need the server to be started with --allow-writes.'

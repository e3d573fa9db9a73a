/**
 * `dbtooling/infra`: the deployed table and its permissions from the models. Pure functions from
 * the resolved design to documents; no Bun API, so they also run under Node inside a CDK app.
 */
export { tableSpec } from './spec.ts'
export { cloudFormationTemplate, renderTemplate, tableProperties, TABLE_LOGICAL_ID, PREFIX_PARAMETER, type Template, type Resource } from './cloudformation.ts'
export { terraformConfig } from './terraform.ts'
export { cdkConstruct, type CdkEnvironment } from './cdk.ts'
export { iamPolicies, patternGrant, tableArn, type Access, type IamOptions, type IamPolicies, type PatternGrant, type PolicyDocument, type PolicyStatement } from './iam.ts'
export { diffTables, templateTable, liveTableProperties, canonicalTable, type Difference, type LiveTable } from './diff.ts'
export { toYaml } from './yaml.ts'
export { InfraError } from './errors.ts'
export type { InfraInput, TableSpec, IndexSpec, ScalingSpec, SseSpec } from './types.ts'

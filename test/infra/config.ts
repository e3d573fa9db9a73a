/** The test config of the infrastructure tests: three environments covering every table setting. */
import type { DbtoolingConfig } from '../../src/config.ts'

export const INFRA_CONFIG: DbtoolingConfig = {
  region: 'eu-west-1',
  table: { name: 'blog', prefix: 'dev-', tags: { app: 'blog' } },
  environments: {
    development: {},
    staging: {
      table: {
        name: 'blog', prefix: 'staging-', billingMode: 'PROVISIONED', readCapacity: 5, writeCapacity: 5, stream: 'NEW_AND_OLD_IMAGES',
        ttlAttribute: 'expiresAt', pointInTimeRecovery: true, sse: 'AWS_MANAGED', tags: { app: 'blog', env: 'staging' },
      },
    },
    production: {
      production: true,
      table: {
        name: 'blog', prefix: 'prod-', billingMode: 'PROVISIONED', readCapacity: 10, writeCapacity: 5, stream: 'NEW_IMAGE',
        pointInTimeRecovery: true, contributorInsights: true, deletionProtection: true, tableClass: 'STANDARD_INFREQUENT_ACCESS',
        sse: { kmsKeyParameter: 'TableKeyArn' }, tags: { app: 'blog', env: 'production', 'cost-center': '42' },
        autoScaling: {
          read: { min: 10, max: 200, targetUtilization: 70 },
          write: { min: 5, max: 100, targetUtilization: 70 },
          indexes: { GSI1: { read: { min: 5, max: 50, targetUtilization: 60 } } },
        },
      },
    },
    customerKey: {
      table: { name: 'blog', prefix: 'ck-', sse: { kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' } },
    },
  },
}

export const ENVIRONMENTS = Object.keys(INFRA_CONFIG.environments ?? {})

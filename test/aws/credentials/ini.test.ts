import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { loadSharedConfig, parseIni, selectedProfile } from '../../../src/aws/credentials/ini.ts'
import { defaultEndpoint, resolveEndpoint, resolveRegion } from '../../../src/aws/resolve.ts'
import { tempFiles } from './helpers.ts'

describe('parseIni', () => {
  test('sections, comments, inline comments, whitespace and sub-properties', () => {
    const data = parseIni(`\uFEFF# leading comment
top = ignored before any section
[default]
region = eu-west-1 ; inline comment
output=json
; full-line comment
[  profile   dev  ]
role_arn = arn:aws:iam::123:role/a#not-a-comment
s3 =
  max_concurrent_requests = 20
  addressing_style = path
region = us-west-2
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
`)
    expect(data.default).toEqual({ region: 'eu-west-1', output: 'json' })
    expect(data['profile dev']).toEqual({
      role_arn: 'arn:aws:iam::123:role/a#not-a-comment',
      s3: '',
      's3.max_concurrent_requests': '20',
      's3.addressing_style': 'path',
      region: 'us-west-2',
    })
    expect(data['sso-session corp']?.sso_start_url).toBe('https://corp.awsapps.com/start')
    expect(Object.keys(data)).toEqual(['default', 'profile dev', 'sso-session corp'])
  })

  test('continuation lines extend a non-empty value; CRLF is accepted; repeated sections merge', () => {
    const data = parseIni('[a]\r\nkey = one\r\n  two\r\n[b]\r\nx = 1\r\n[a]\r\ny = 2\r\n')
    expect(data.a).toEqual({ key: 'one\ntwo', y: '2' })
    expect(data.b).toEqual({ x: '1' })
  })

  test('section and key names such as __proto__ stay plain data', () => {
    const data = parseIni('[__proto__]\nconstructor = x\n')
    expect(data.__proto__?.constructor as unknown).toBe('x')
    expect(({} as Record<string, unknown>).constructor).toBe(Object)
  })
})

describe('loadSharedConfig', () => {
  test('maps [profile x] in config and [x] in credentials; credentials win; [profile default] beats [default]', async () => {
    const dir = await tempFiles({
      config: `[default]\nregion = us-east-1\noutput = text\n[profile default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\naws_access_key_id = FROM_CONFIG\n[dev]\nignored = yes\n[sso-session corp]\nsso_region = us-east-2\n[services local]\ndynamodb =\n  endpoint_url = http://localhost:8000\n`,
      credentials: `[dev]\naws_access_key_id = FROM_CREDENTIALS\naws_secret_access_key = s\n[other]\naws_access_key_id = o\n`,
    })
    const config = await loadSharedConfig({ env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } })
    expect(config.profiles.default).toEqual({ region: 'eu-central-1', output: 'text' })
    expect(config.profiles.dev).toEqual({ region: 'ap-south-1', aws_access_key_id: 'FROM_CREDENTIALS', aws_secret_access_key: 's' })
    expect(config.profiles.other).toEqual({ aws_access_key_id: 'o' })
    expect(config.ssoSessions.corp).toEqual({ sso_region: 'us-east-2' })
    expect(config.services.local?.['dynamodb.endpoint_url']).toBe('http://localhost:8000')
    expect(Object.keys(config.profiles).sort()).toEqual(['default', 'dev', 'other'])
  })

  test('missing files are empty; default paths come from HOME; explicit paths beat the environment', async () => {
    const dir = await tempFiles({ '.aws/credentials': '[default]\naws_access_key_id = home\n', 'elsewhere.ini': '[default]\naws_access_key_id = explicit\n' })
    const fromHome = await loadSharedConfig({ env: { HOME: dir } })
    expect(fromHome.profiles.default?.aws_access_key_id).toBe('home')
    expect(fromHome.configFile).toBe(join(dir, '.aws', 'config'))
    const explicit = await loadSharedConfig({ env: { HOME: dir, AWS_SHARED_CREDENTIALS_FILE: '/nope' }, credentialsFile: join(dir, 'elsewhere.ini') })
    expect(explicit.profiles.default?.aws_access_key_id).toBe('explicit')
    const tilde = await loadSharedConfig({ env: { HOME: dir, AWS_SHARED_CREDENTIALS_FILE: '~/elsewhere.ini' } })
    expect(tilde.profiles.default?.aws_access_key_id).toBe('explicit')
    const none = await loadSharedConfig({ env: { HOME: join(dir, 'missing') } })
    expect(Object.keys(none.profiles)).toEqual([])
  })

  test('selectedProfile: explicit, AWS_PROFILE, default', () => {
    expect(selectedProfile('x', { AWS_PROFILE: 'y' })).toBe('x')
    expect(selectedProfile(undefined, { AWS_PROFILE: 'y' })).toBe('y')
    expect(selectedProfile(undefined, { AWS_PROFILE: '' })).toBe('default')
  })
})

describe('resolveRegion', () => {
  test('explicit > AWS_REGION > AWS_DEFAULT_REGION > profile region', async () => {
    const dir = await tempFiles({ '.aws/config': '[default]\nregion = eu-west-3\n[profile p]\nregion = sa-east-1\n' })
    const env = { HOME: dir, AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'us-west-2' }
    expect(await resolveRegion({ region: 'ap-northeast-1', env })).toBe('ap-northeast-1')
    expect(await resolveRegion({ env })).toBe('us-west-1')
    expect(await resolveRegion({ env: { HOME: dir, AWS_DEFAULT_REGION: 'us-west-2' } })).toBe('us-west-2')
    expect(await resolveRegion({ env: { HOME: dir } })).toBe('eu-west-3')
    expect(await resolveRegion({ env: { HOME: dir }, profile: 'p' })).toBe('sa-east-1')
    expect(await resolveRegion({ env: { HOME: dir, AWS_PROFILE: 'p' } })).toBe('sa-east-1')
    expect(await resolveRegion({ env: { HOME: join(dir, 'none') } })).toBeUndefined()
  })
})

describe('resolveEndpoint', () => {
  test('explicit > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > profile services > profile endpoint_url > default', async () => {
    const dir = await tempFiles({
      '.aws/config': '[default]\nendpoint_url = http://profile-global:1\n[profile svc]\nservices = local\nendpoint_url = http://profile-global:2\n[services local]\ndynamodb =\n  endpoint_url = http://profile-dynamodb:3\n',
    })
    const all = { HOME: dir, AWS_ENDPOINT_URL_DYNAMODB: 'http://env-dynamodb:4', AWS_ENDPOINT_URL: 'http://env-global:5' }
    const region = 'eu-west-1'
    expect(await resolveEndpoint('dynamodb', { endpoint: 'http://explicit:6', region, env: all })).toBe('http://explicit:6')
    expect(await resolveEndpoint('dynamodb', { region, env: all })).toBe('http://env-dynamodb:4')
    expect(await resolveEndpoint('sts', { region, env: all })).toBe('http://env-global:5')
    expect(await resolveEndpoint('dynamodb', { region, env: { HOME: dir }, profile: 'svc' })).toBe('http://profile-dynamodb:3')
    expect(await resolveEndpoint('sts', { region, env: { HOME: dir }, profile: 'svc' })).toBe('http://profile-global:2')
    expect(await resolveEndpoint('dynamodb', { region, env: { HOME: dir } })).toBe('http://profile-global:1')
    expect(await resolveEndpoint('dynamodb', { region, env: { HOME: join(dir, 'none') } })).toBe('https://dynamodb.eu-west-1.amazonaws.com')
  })

  test('China regions use amazonaws.com.cn; a missing region is a typed error', async () => {
    const env = { HOME: '/nonexistent-home' }
    expect(await resolveEndpoint('dynamodb', { region: 'cn-north-1', env })).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn')
    expect(defaultEndpoint('sts', 'cn-northwest-1')).toBe('https://sts.cn-northwest-1.amazonaws.com.cn')
    expect(defaultEndpoint('dynamodb', 'us-gov-west-1')).toBe('https://dynamodb.us-gov-west-1.amazonaws.com')
    await expect(resolveEndpoint('dynamodb', { region: '', env })).rejects.toMatchObject({ code: 'MissingRegion' })
  })
})

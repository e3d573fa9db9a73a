import { describe, expect, test } from 'bun:test'
import { accessPatterns, buildGetItem, buildQuery, buildRequest, compileRequest, cond, deriveSchema, param, renderAccessPatternsJSON, renderAccessPatternsMarkdown } from '../../src/index.ts'
import { ANALYTICS, BLOG, caught, fixtureModels } from './helpers.ts'

const blog = deriveSchema(await fixtureModels(BLOG), { tableName: 'blog' })
const analytics = deriveSchema(await fixtureModels(ANALYTICS), { tableName: 'analytics' })
const blogPatterns = accessPatterns(blog)
const analyticsPatterns = accessPatterns(analytics)

describe('access patterns', () => {
  test('blog: every model gets by id, by unique, both relation directions, declared indexes, list all', () => {
    expect(blogPatterns.map((p) => `${p.entity}.${p.name} ${p.operation}${p.index ? ` ${p.index}` : ''}`)).toEqual([
      'Comment.getComment GetItem',
      'Comment.getPostOfComment GetItem',
      'Comment.getUserOfComment GetItem',
      'Comment.listAllComments Query GSI1',
      'Post.getPost GetItem',
      'Post.getPostBySlug GetItem',
      'Post.listCommentsOfPost Query',
      'Post.getUserOfPost GetItem',
      'Post.listTagsOfPost Query',
      'Post.listPostsByStatus Query GSI3',
      'Post.listAllPosts Query GSI1',
      'Profile.getProfile GetItem',
      'Profile.getUserOfProfile GetItem',
      'Profile.listAllProfiles Query GSI1',
      'Project.getProject GetItem',
      'Project.getTeamOfProject GetItem',
      'Project.listAllProjects Query GSI1',
      'Role.getRole GetItem',
      'Role.getRoleByName GetItem',
      'Role.listUsersOfRole Query',
      'Role.listAllRoles Query GSI1',
      'Tag.getTag GetItem',
      'Tag.getTagByName GetItem',
      'Tag.listPostsOfTag Query GSI1',
      'Tag.listAllTags Query GSI1',
      'Team.getTeam GetItem',
      'Team.getTeamBySlug GetItem',
      'Team.listUsersOfTeam Query GSI2',
      'Team.listProjectsOfTeam Query',
      'Team.listAllTeams Query GSI1',
      'User.getUser GetItem',
      'User.getUserByEmail GetItem',
      'User.getProfileOfUser Query',
      'User.listPostsOfUser Query GSI2',
      'User.listCommentsOfUser Query GSI2',
      'User.getTeamOfUser GetItem',
      'User.listRolesOfUser Query GSI1',
      'User.listUsersByRole Query GSI3',
      'User.listAllUsers Query GSI1',
    ])
  })

  test('analytics: eight patterns', () => {
    expect(analyticsPatterns.map((p) => p.name)).toEqual([
      'getPageView', 'getSiteOfPageView', 'listPageViewsByPath', 'listAllPageViews',
      'getSite', 'getSiteByDomain', 'listPageViewsOfSite', 'listAllSites',
    ])
  })

  test('no pattern uses Scan: only GetItem and Query, with a key (condition) every time', () => {
    for (const p of [...blogPatterns, ...analyticsPatterns]) {
      expect(['GetItem', 'Query']).toContain(p.operation)
      expect(JSON.stringify(p)).not.toMatch(/scan(?!IndexForward)/i)
      if (p.operation === 'GetItem') expect(Object.keys(p.request.Key ?? {})).toEqual(['pk', 'sk'])
      else expect(p.request.KeyConditionExpression).toStartWith('#pk = :pk')
    }
  })

  test('patterns record operation, index, key condition, params, request template and example', () => {
    const p = blogPatterns.find((x) => x.name === 'listPostsOfUser')
    expect(p).toMatchObject({
      kind: 'listChildren',
      via: 'userId',
      entity: 'User',
      returns: 'Post',
      operation: 'Query',
      index: 'GSI2',
      keyCondition: 'GSI2PK = USER#{userId} AND begins_with(GSI2SK, "POST#")',
      params: [{ name: 'userId', type: 'string', from: 'Post.userId' }],
    })
    expect(p?.request.ExpressionAttributeValues).toEqual({ ':pk': { S: 'USER#{userId}' }, ':sk': { S: 'POST#' } })
    expect(p?.example.ExpressionAttributeValues?.[':pk']).toEqual({ S: 'USER#5f0c2a9e-7b1d-4c3e-9a8f-11f967df0001' })
    const byStatus = blogPatterns.find((x) => x.name === 'listPostsByStatus')
    expect(byStatus?.example.ExpressionAttributeValues?.[':pk']).toEqual({ S: 'POST#status#draft' })
    expect(byStatus?.request.ScanIndexForward).toBe(false)
    expect(byStatus?.notes.join(' ')).toContain('Sparse: items without publishedAt')
    const comments = blogPatterns.find((x) => x.name === 'listCommentsOfPost')
    expect(comments?.request.FilterExpression).toBe('attribute_not_exists(#deletedAt)')
    expect(blogPatterns.find((x) => x.name === 'getProfileOfUser')?.request.Limit).toBe(1)
    expect(blogPatterns.find((x) => x.name === 'listAllUsers')?.shards).toBe(4)
  })

  test('patterns hold expression trees: a where clause joins the key condition in one placeholder space', () => {
    const p = blogPatterns.find((x) => x.name === 'listCommentsOfPost')
    if (!p?.expressions.filter) throw new Error('no listCommentsOfPost filter')
    expect(Object.isFrozen(p.expressions.keyCondition)).toBe(true)
    const where = cond.eq('userId', param('userId'))
    const r = compileRequest({ ...p.expressions, filter: cond.and(p.expressions.filter, where) }, { params: { postId: 'p1', userId: 'u1' } })
    expect(r.KeyConditionExpression).toBe('#n0 = :v0 AND begins_with(#n1, :v1)')
    expect(r.FilterExpression).toBe('attribute_not_exists(#n2) AND #n3 = :v2')
    expect(r.ExpressionAttributeValues).toEqual({ ':v0': { S: 'POST#p1' }, ':v1': { S: 'COMMENT#' }, ':v2': { S: 'u1' } })
    // a GetItem pattern's key condition is equality on both keys: buildRequest compiles it to the Key
    const getPost = blogPatterns.find((x) => x.name === 'getPost')
    expect(getPost?.expressions.keyCondition.sort?.kind).toBe('compare')
    expect(getPost && buildGetItem(getPost, { id: 'x' }).Key).toEqual({ pk: { S: 'POST#x' }, sk: { S: 'POST#x' } })
  })

  test('buildRequest fills values (integers zero-padded) and names what is missing', async () => {
    const getProject = blogPatterns.find((x) => x.name === 'getProject')
    if (!getProject) throw new Error('no getProject')
    expect(buildRequest(getProject, { teamId: 't1', id: 7 }, { tableName: 'other' })).toEqual({
      TableName: 'other',
      Key: { pk: { S: 'TEAM#t1' }, sk: { S: 'PROJECT#000000000007' } },
    })
    const error = await caught(() => buildRequest(getProject, { id: 7 }))
    expect(error.code).toBe('MISSING_PARAMETER')
    expect(error.message).toContain('getProject needs teamId')
    const listAll = blogPatterns.find((x) => x.name === 'listAllTeams')
    if (!listAll) throw new Error('no listAllTeams')
    expect((await caught(() => buildRequest(listAll, { shard: 4 }))).message).toContain('shard must be 0..3')
    expect(buildQuery(listAll, { shard: 1 }).ExpressionAttributeValues?.[':pk']).toEqual({ S: 'TEAM#shard-1' })
    expect(buildGetItem(getProject, { teamId: 't', id: 1 }).Key.sk).toEqual({ S: 'PROJECT#000000000001' })
    expect((await caught(() => buildGetItem(listAll, { shard: 0 }))).code).toBe('WRONG_OPERATION')
    expect((await caught(() => buildQuery(getProject, { teamId: 't', id: 1 }))).code).toBe('WRONG_OPERATION')
  })

  test('markdown snapshots, readable by a person', () => {
    const md = renderAccessPatternsMarkdown(blogPatterns, blog)
    expect(md).toContain('39 patterns: 19 GetItem, 20 Query, no Scan.')
    expect(md).toContain('| `listPostsOfUser` | List the Post items of a User | Query | GSI2 |')
    expect(md).toMatchSnapshot()
    expect(renderAccessPatternsMarkdown(analyticsPatterns, analytics)).toMatchSnapshot()
  })

  test('JSON output parses back to the patterns', () => {
    expect(JSON.parse(renderAccessPatternsJSON(blogPatterns))).toEqual(JSON.parse(JSON.stringify(blogPatterns)))
  })
})

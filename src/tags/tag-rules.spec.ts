import { ApiError } from '../gateway/api-error.js';
import {
  checkResourceCount,
  checkTagFilters,
  checkTagKey,
  checkTagKeysToRemove,
  checkTagsToSet,
  checkTagValue,
  decodePageToken,
  encodePageToken,
  parseResource,
  unreachableReason,
} from './tag-rules.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
  return undefined;
};

describe('tag keys and values', () => {
  it.each([
    ['env', 'env', undefined],
    ['every allowed symbol', 'a+b=c.d@e-f', undefined],
    ['non-Latin letters', '环境', undefined],
    ['255 characters', 'k'.repeat(255), undefined],
    ['an empty key', '', 'InvalidParameterValue.TagKeyEmpty'],
    ['256 characters', 'k'.repeat(256), 'InvalidParameterValue.TagKeyLengthExceeded'],
    ['a space', 'my key', 'InvalidParameterValue.TagKeyCharacterIllegal'],
    ['a slash', 'a/b', 'InvalidParameterValue.TagKeyCharacterIllegal'],
    ['an underscore', 'a_b', 'InvalidParameterValue.TagKeyCharacterIllegal'],
    ['qcloud', 'qcloud', 'InvalidParameterValue.ReservedTagKey'],
    ['QCloudOwner', 'QCloudOwner', 'InvalidParameterValue.ReservedTagKey'],
    ['Tencent-x', 'Tencent-x', 'InvalidParameterValue.ReservedTagKey'],
    ['PROJECT1', 'PROJECT1', 'InvalidParameterValue.ReservedTagKey'],
    ['a reserved word inside', 'myproject', undefined],
  ])('key: %s → %s', (_what, key, code) => {
    expect(codeOf(() => checkTagKey(key))).toBe(code);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(codeOf(() => checkTagKey('😀'.repeat(255)))).toBe(
      'InvalidParameterValue.TagKeyCharacterIllegal',
    );
    expect(codeOf(() => checkTagValue('é'.repeat(127)))).toBeUndefined();
    expect(codeOf(() => checkTagKey('文'.repeat(255)))).toBeUndefined();
  });

  it.each([
    ['empty', '', undefined],
    ['prod', 'prod', undefined],
    ['symbols', 'x.y@z', undefined],
    ['127 characters', 'v'.repeat(127), undefined],
    ['128 characters', 'v'.repeat(128), 'InvalidParameterValue.TagValueLengthExceeded'],
    ['a slash', 'a/b', 'InvalidParameterValue.TagValueCharacterIllegal'],
    ['a space', 'a b', 'InvalidParameterValue.TagValueCharacterIllegal'],
  ])('value: %s → %s', (_what, value, code) => {
    expect(codeOf(() => checkTagValue(value))).toBe(code);
  });

  it('refuses a key twice, more than 50 tags, and system tags', () => {
    const tags = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    expect(codeOf(() => checkTagsToSet(tags(50), 'Tags'))).toBeUndefined();
    expect(codeOf(() => checkTagsToSet(tags(51), 'Tags'))).toBe('LimitExceeded.TagNumPerRequest');
    expect(
      codeOf(() =>
        checkTagsToSet(
          [
            { TagKey: 'k', TagValue: '1' },
            { TagKey: 'k', TagValue: '2' },
          ],
          'Tags',
        ),
      ),
    ).toBe('InvalidParameterValue.TagKeyDuplicate');
    expect(
      codeOf(() => checkTagsToSet([{ TagKey: 'k', TagValue: '', Category: 'System' }], 'Tags')),
    ).toBe('InvalidParameter.Tag');
    expect(codeOf(() => checkTagKeysToRemove(['a', 'a'], 'TagKeys'))).toBe(
      'InvalidParameterValue.TagKeyDuplicate',
    );
    expect(codeOf(() => checkTagKeysToRemove(['qcloud-x'], 'TagKeys'))).toBe(
      'InvalidParameterValue.ReservedTagKey',
    );
  });

  it('limits resources per request and tag filters', () => {
    expect(codeOf(() => checkResourceCount(20, 'ResourceList'))).toBeUndefined();
    expect(codeOf(() => checkResourceCount(21, 'ResourceList'))).toBe(
      'LimitExceeded.ResourceNumPerRequest',
    );
    const filters = (n: number) => Array.from({ length: n }, (_, i) => ({ TagKey: `k${i}` }));
    expect(codeOf(() => checkTagFilters(filters(6), 'TagFilters'))).toBeUndefined();
    expect(codeOf(() => checkTagFilters(filters(7), 'TagFilters'))).toBe(
      'InvalidParameterValue.TagFiltersLengthExceeded',
    );
    expect(
      codeOf(() =>
        checkTagFilters(
          [{ TagKey: 'k', TagValue: Array.from({ length: 11 }, (_, i) => `v${i}`) }],
          'TagFilters',
        ),
      ),
    ).toBe('InvalidParameterValue.TagFiltersLengthExceeded');
    expect(codeOf(() => checkTagFilters([{ TagKey: '' }], 'TagFilters'))).toBe(
      'InvalidParameterValue.TagKeyEmpty',
    );
  });
});

describe('six-segment resource names', () => {
  it('parses a topic', () => {
    expect(
      parseResource('qcs::tdmq:ap-guangzhou:uin/100000000001:topic/rocketmq-abc/prod/orders', 'R'),
    ).toEqual({
      resource: 'qcs::tdmq:ap-guangzhou:uin/100000000001:topic/rocketmq-abc/prod/orders',
      service: 'tdmq',
      region: 'ap-guangzhou',
      uin: '100000000001',
      prefix: 'topic',
      id: 'rocketmq-abc/prod/orders',
      path: ['rocketmq-abc', 'prod', 'orders'],
    });
  });

  it.each([
    'rocketmq-abc',
    'qcs:tdmq:ap-guangzhou:uin/1:cluster/rocketmq-abc',
    'qcs::tdmq:ap-guangzhou:uin/1:cluster/rocketmq-abc:x',
    'arn::tdmq:ap-guangzhou:uin/1:cluster/rocketmq-abc',
    'qcs:proj:tdmq:ap-guangzhou:uin/1:cluster/rocketmq-abc',
    'qcs:::ap-guangzhou:uin/1:cluster/rocketmq-abc',
    'qcs::tdmq:AP GZ:uin/1:cluster/rocketmq-abc',
    'qcs::tdmq:ap-guangzhou:1:cluster/rocketmq-abc',
    'qcs::tdmq:ap-guangzhou:uin/abc:cluster/rocketmq-abc',
    'qcs::tdmq:ap-guangzhou:uin/1:cluster',
    'qcs::tdmq:ap-guangzhou:uin/1:/rocketmq-abc',
    'qcs::tdmq:ap-guangzhou:uin/1:cluster/',
    'qcs::tdmq:ap-guangzhou:uin/1:topic/a//b',
    `qcs::tdmq:ap-guangzhou:uin/1:cluster/${'x'.repeat(600)}`,
  ])('refuses %s', (text) => {
    expect(codeOf(() => parseResource(text, 'R'))).toBe(
      'InvalidParameterValue.ResourceDescriptionError',
    );
  });

  it('tells which well-formed names the caller cannot tag', () => {
    const reason = (text: string) => unreachableReason(parseResource(text, 'R'), '100');
    expect(reason('qcs::tdmq:ap-guangzhou:uin/100:cluster/rocketmq-abc')).toBeUndefined();
    expect(reason('qcs::tdmq:ap-guangzhou:uin/100:group/c/ns/g')).toBeUndefined();
    expect(reason('qcs::cvm:ap-guangzhou:uin/100:instance/ins-1')).toMatch(/tdmq resources only/);
    expect(reason('qcs::tdmq:ap-guangzhou:uin/200:cluster/rocketmq-abc')).toMatch(/this account/);
    expect(reason('qcs::tdmq:ap-guangzhou:uin/100:role/c/r')).toMatch(/cannot carry tags/);
    expect(reason('qcs::tdmq:ap-guangzhou:uin/100:topic/c/ns')).toMatch(/does not exist/);
    expect(reason('qcs::tdmq::uin/100:cluster/rocketmq-abc')).toMatch(/does not exist/);
  });
});

describe('page tokens', () => {
  it('round-trips and is bound to its action', () => {
    const token = encodePageToken('GetTags', ['env', 'prod']);
    expect(decodePageToken('GetTags', token, 2)).toEqual(['env', 'prod']);
    expect(decodePageToken('GetTags', undefined, 2)).toBeUndefined();
    expect(decodePageToken('GetTags', '', 2)).toBeUndefined();
    for (const bad of [
      token.slice(0, -3),
      'not a token',
      Buffer.from('{"a":"GetTags"}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ])
      expect(codeOf(() => decodePageToken('GetTags', bad, 2))).toBe(
        'InvalidParameter.PaginationTokenInvalid',
      );
    expect(codeOf(() => decodePageToken('GetTagValues', token, 2))).toBe(
      'InvalidParameter.PaginationTokenInvalid',
    );
    expect(codeOf(() => decodePageToken('GetTags', token, 1))).toBe(
      'InvalidParameter.PaginationTokenInvalid',
    );
  });
});

import { evaluate } from './evaluate.js';
import { parsePolicyDocument } from './parse.js';
import {
  AdministratorAccess,
  PRESET_POLICIES,
  QcloudTDMQFullAccess,
  QcloudTDMQReadOnlyAccess,
  ReadOnlyAccess,
  type PresetPolicy,
} from './presets.js';

const CLUSTER = 'qcs::tdmq:ap-guangzhou:uin/100000000001:cluster/rocketmq-abc';

function allows(preset: PresetPolicy, action: string, resource = CLUSTER): boolean {
  return evaluate(
    {
      action,
      resource,
      principal: { uin: '200000000001', ownerUin: '100000000001', appId: '1250000001' },
      context: { currentTime: new Date('2025-06-01T00:00:00Z') },
    },
    [{ id: 1, name: preset.name, document: preset.document }],
  ).allowed;
}

describe('preset policies', () => {
  it('are listed in a stable order with their cam.md names', () => {
    expect(PRESET_POLICIES.map((p) => p.name)).toEqual([
      'QcloudTDMQFullAccess',
      'QcloudTDMQReadOnlyAccess',
      'AdministratorAccess',
      'ReadOnlyAccess',
    ]);
    const named = [
      QcloudTDMQFullAccess,
      QcloudTDMQReadOnlyAccess,
      AdministratorAccess,
      ReadOnlyAccess,
    ];
    named.forEach((preset, i) => expect(PRESET_POLICIES[i]).toBe(preset));
    for (const p of PRESET_POLICIES) expect(p.description.length).toBeGreaterThan(20);
  });

  it.each(PRESET_POLICIES.map((p) => [p.name, p] as const))(
    '%s is a valid document that survives a JSON round trip',
    (_, preset) => {
      expect(parsePolicyDocument(JSON.stringify(preset.document))).toEqual(preset.document);
    },
  );

  it('cannot be modified by a caller', () => {
    expect(() => QcloudTDMQFullAccess.document.statement[0].action.push('cam:*')).toThrow(
      TypeError,
    );
    expect(() => (PRESET_POLICIES as PresetPolicy[]).pop()).toThrow(TypeError);
    expect(allows(QcloudTDMQFullAccess, 'cam:AddUser')).toBe(false);
  });

  it.each<[string, string, string, boolean]>([
    ['QcloudTDMQFullAccess', 'tdmq:DeleteRocketMQCluster', CLUSTER, true],
    ['QcloudTDMQFullAccess', 'tdmq:CreateRocketMQCluster', '*', true],
    ['QcloudTDMQFullAccess', 'monitor:GetMonitorData', CLUSTER, false],
    ['QcloudTDMQFullAccess', 'cam:AddUser', '*', false],
    ['QcloudTDMQReadOnlyAccess', 'tdmq:DescribeRocketMQClusters', CLUSTER, true],
    ['QcloudTDMQReadOnlyAccess', 'tdmq:ExportRocketMQMessageDetail', CLUSTER, true],
    ['QcloudTDMQReadOnlyAccess', 'tdmq:CreateRocketMQTopic', CLUSTER, false],
    ['QcloudTDMQReadOnlyAccess', 'tdmq:SendRocketMQMessage', CLUSTER, false],
    ['QcloudTDMQReadOnlyAccess', 'tdmq:ResetRocketMQConsumerOffSet', CLUSTER, false],
    ['QcloudTDMQReadOnlyAccess', 'monitor:GetMonitorData', CLUSTER, false],
    ['QcloudTDMQReadOnlyAccess', 'tag:DescribeResourceTagsByResourceIds', '*', false],
    ['AdministratorAccess', 'cam:AddUser', '*', true],
    ['AdministratorAccess', 'tdmq:DeleteRocketMQCluster', CLUSTER, true],
    ['ReadOnlyAccess', 'tdmq:DescribeRocketMQTopics', CLUSTER, true],
    ['ReadOnlyAccess', 'monitor:GetMonitorData', CLUSTER, true],
    ['ReadOnlyAccess', 'monitor:DescribeDashboardMetricData', CLUSTER, true],
    ['ReadOnlyAccess', 'tag:DescribeResourceTagsByResourceIds', '*', true],
    ['ReadOnlyAccess', 'cam:ListUsers', '*', true],
    ['ReadOnlyAccess', 'cam:GetPolicy', '*', true],
    ['ReadOnlyAccess', 'cam:AddUser', '*', false],
    ['ReadOnlyAccess', 'cam:CreateAccessKey', '*', false],
    ['ReadOnlyAccess', 'tag:TagResources', '*', false],
    ['ReadOnlyAccess', 'tdmq:VerifyRocketMQConsume', CLUSTER, false],
  ])('%s: %s on %s → %s', (name, action, resource, expected) => {
    const preset = PRESET_POLICIES.find((p) => p.name === name)!;
    expect(allows(preset, action, resource)).toBe(expected);
  });
});

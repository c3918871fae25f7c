import { uniqueName } from './app.js';
import type { TdmqClient } from './sdk.js';

export interface MessagingOptions {
  /** Topic type (default Normal). */
  type?: string;
  /** Partitions of the topic (default 3; GlobalOrder always 1). */
  partitions?: number;
  retries?: number;
  broadcast?: boolean;
  /** The role `app`'s permissions in `prod`; omitted: no role is created. */
  permissions?: string[];
}

export interface Messaging {
  clusterId: string;
  /** The cluster's HttpInternalEndpoint. */
  endpoint: string;
  /** The role `app`'s token (AccessKey), when a role was created. */
  token?: string;
}

/**
 * What every data-plane test starts from, through the official SDK: a cluster with namespace
 * `prod`, topic `orders`, group `billing` and, with `permissions`, a role `app` granted them.
 */
export async function messagingFixture(
  tdmq: TdmqClient,
  opts: MessagingOptions = {},
): Promise<Messaging> {
  const { ClusterId } = await tdmq.CreateRocketMQCluster({ Name: uniqueName('msg') });
  const clusterId = ClusterId!;
  await tdmq.CreateRocketMQNamespace({ ClusterId: clusterId, NamespaceId: 'prod' });
  await tdmq.CreateRocketMQTopic({
    ClusterId: clusterId,
    Namespaces: ['prod'],
    Topic: 'orders',
    Type: opts.type ?? 'Normal',
    PartitionNum: opts.type === 'GlobalOrder' ? 1 : (opts.partitions ?? 3),
  });
  await tdmq.CreateRocketMQGroup({
    ClusterId: clusterId,
    Namespaces: ['prod'],
    GroupId: 'billing',
    ReadEnable: true,
    BroadcastEnable: opts.broadcast ?? false,
    RetryMaxTimes: opts.retries ?? 16,
  });
  let token: string | undefined;
  if (opts.permissions) {
    ({ Token: token } = await tdmq.CreateRocketMQRole({
      ClusterId: clusterId,
      RoleName: 'app',
      Remark: '',
    }));
    await tdmq.CreateRocketMQEnvironmentRole({
      ClusterId: clusterId,
      EnvironmentId: 'prod',
      RoleName: 'app',
      Permissions: opts.permissions,
    });
  }
  const { ClusterInfo } = await tdmq.DescribeRocketMQCluster({ ClusterId: clusterId });
  return { clusterId, endpoint: ClusterInfo!.HttpInternalEndpoint!, token };
}

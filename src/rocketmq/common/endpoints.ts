import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/config.module.js';

export interface ClusterEndpoints {
  PublicEndPoint: string;
  VpcEndPoint: string;
  InternalEndpoint: string;
  HttpPublicEndpoint: string | null;
  HttpVpcEndpoint: string;
  HttpInternalEndpoint: string;
}

/**
 * This deployment's real access points, derived from PUBLIC_BASE_URL / INTERNAL_BASE_URL
 * (HTTP data plane: `<base>/rocketmq/<clusterId>`, the path prefix the RocketMQ HTTP SDKs
 * append their resources to) and TCP_*_ENDPOINT (the RocketMQ gRPC port).
 */
@Injectable()
export class EndpointsService {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  forCluster(clusterId: string, publicAccess: boolean): ClusterEndpoints {
    const path = `/rocketmq/${clusterId}`;
    return {
      PublicEndPoint: publicAccess ? this.config.tcpPublicEndpoint : '',
      VpcEndPoint: this.config.tcpInternalEndpoint,
      InternalEndpoint: this.config.tcpInternalEndpoint,
      HttpPublicEndpoint: publicAccess ? `${this.config.publicBaseUrl}${path}` : null,
      HttpVpcEndpoint: `${this.config.internalBaseUrl}${path}`,
      HttpInternalEndpoint: `${this.config.internalBaseUrl}${path}`,
    };
  }

  /** Namespaces are reached through the cluster's TCP access points (the namespace travels in the request). */
  forNamespace(publicAccess: boolean): {
    PublicEndpoint: string | null;
    VpcEndpoint: string;
    InternalEndpoint: string;
  } {
    return {
      PublicEndpoint: publicAccess ? this.config.tcpPublicEndpoint : null,
      VpcEndpoint: this.config.tcpInternalEndpoint,
      InternalEndpoint: this.config.tcpInternalEndpoint,
    };
  }
}

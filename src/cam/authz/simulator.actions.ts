import { Injectable } from '@nestjs/common';
import { Action } from '../../gateway/action.decorator.js';
import { cam } from '../../gateway/cam-resource.js';
import type { RequestContext } from '../../gateway/request-context.js';
import { CAM } from '../../gateway/services.js';
import { SimulateAuthorizationRequest, SimulateAuthorizationResponse } from './dto/simulate.dto.js';
import { SimulatorService } from './simulator.service.js';

@Injectable()
export class SimulatorActions {
  constructor(private readonly simulator: SimulatorService) {}

  @Action({
    name: 'SimulateAuthorization',
    service: CAM,
    request: SimulateAuthorizationRequest,
    response: SimulateAuthorizationResponse,
    summary:
      'Explain the decision for a user, an action and a resource (policy simulator; extension)',
    description:
      'Not in the SDK model: an extension of this service. Call it with the SDK’s generic `client.request("SimulateAuthorization", {...})`. ' +
      'Evaluates exactly as the gateway does: the policies attached to the user and its groups, the resource’s current tags (or the ResourceTags given), ' +
      'the request tags, qcs:ip and qcs:current_time. Answers allow / deny (an explicit deny matched) / implicit-deny (nothing matched), the statement that decided, ' +
      'and every policy considered. PolicyDocument adds a policy as if attached (what-if), validated like CreatePolicy. An unknown TargetUin gives `ResourceNotFound.UserNotExist`.',
    example: {
      TargetUin: 200000000001,
      Action: 'tdmq:CreateRocketMQTopic',
      Resource: 'qcs::tdmq:ap-guangzhou:uin/100000000001:namespace/rocketmq-abcd12345678/prod',
    },
    resource: cam.one((r: SimulateAuthorizationRequest) => ({
      type: 'uin',
      path: [String(r.TargetUin)],
    })),
    extension: true,
  })
  simulate(req: SimulateAuthorizationRequest, ctx: RequestContext) {
    return this.simulator.simulate(ctx.caller, req);
  }
}

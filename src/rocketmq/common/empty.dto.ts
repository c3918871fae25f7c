/** The response of actions that answer nothing but the RequestId. */
export class EmptyResponse {}

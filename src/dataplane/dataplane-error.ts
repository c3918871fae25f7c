/**
 * A refusal of the data plane, protocol-neutral: each adapter maps the code to its wire form
 * (the HTTP protocol's error XML and status, gRPC status codes later).
 */
export type DataPlaneCode =
  | 'AccessDenied'
  | 'InvalidAccessKeyId'
  | 'TimeExpired'
  | 'InvalidDigest'
  | 'MalformedXML'
  | 'UnsupportedOperation'
  | 'SignatureDoesNotMatch'
  | 'InvalidArgument'
  | 'MessageTypeMismatch'
  | 'MessageTooLarge'
  | 'TopicNotExist'
  | 'GroupNotExist'
  | 'InstanceNotExist'
  | 'ReceiptHandleError'
  | 'MessageNotExist'
  | 'ServiceUnavailable';

export class DataPlaneError extends Error {
  constructor(
    readonly code: DataPlaneCode,
    message: string,
  ) {
    super(message);
    this.name = 'DataPlaneError';
  }
}

/**
 * A coded API 3.0 error. Services throw these; the gateway turns every one into the
 * `{"Response":{"Error":{Code,Message},"RequestId"}}` envelope. Anything else that escapes
 * a handler becomes `InternalError` and is logged with the RequestId.
 */
export type CommonErrorCode =
  | 'AuthFailure.SignatureExpire'
  | 'AuthFailure.SignatureFailure'
  | 'AuthFailure.SecretIdNotFound'
  | 'AuthFailure.InvalidAuthorization'
  | 'AuthFailure.TokenFailure'
  | 'AuthFailure.UnauthorizedOperation'
  | 'InvalidAction'
  | 'NoSuchVersion'
  | 'MissingParameter'
  | 'InvalidParameter'
  | 'InvalidParameterValue'
  | 'UnknownParameter'
  | 'LimitExceeded'
  | 'RequestLimitExceeded'
  | 'ResourceNotFound'
  | 'ResourceInUse'
  | 'ResourceInsufficient'
  | 'ResourceUnavailable'
  | 'FailedOperation'
  | 'InternalError'
  | 'UnsupportedOperation'
  | 'UnsupportedRegion'
  | 'OperationDenied';

/** Product codes are `<Common>.<Detail>`, e.g. `ResourceNotFound.Cluster`. */
export type ErrorCode = CommonErrorCode | `${CommonErrorCode}.${string}`;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (
  what: string,
  id: string,
  code: ErrorCode = `ResourceNotFound.${what}` as ErrorCode,
) => new ApiError(code, `${what} ${id} does not exist.`);

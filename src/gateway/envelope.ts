import type { ErrorCode } from './api-error.js';

/** API 3.0 answers are always HTTP 200 with a top-level `Response`; the SDK reads nothing else. */
export function successBody(result: object, requestId: string): string {
  return JSON.stringify({ Response: { ...result, RequestId: requestId } });
}

export function errorBody(code: ErrorCode, message: string, requestId: string): string {
  return JSON.stringify({
    Response: { Error: { Code: code, Message: message }, RequestId: requestId },
  });
}

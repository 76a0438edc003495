export type PolicyErrorKind =
  'forward' | 'not-ready' | 'auth' | 'http' | 'timeout' | 'cancelled' | 'response';

/** A replay that failed, with what happened in words a person can act on. */
export class PolicyServerError extends Error {
  constructor(
    readonly kind: PolicyErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The one error type users see: an HTTP status and a message a person can act on. A query error also
 * carries the character position of the problem, so the search box can point at it.
 * The web layer's error handler renders it as HTML or JSON (`{"error": {"message", "position"?}}`).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A 400 for a query or parameter the user can fix. */
export const badRequest = (message: string, position?: number) => new AppError(400, message, position);

export const notFound = (message: string) => new AppError(404, message);

/**
 * Named failures of the use cases. The HTTP layer maps each to a status and a page in one
 * place (http/errors.ts); nothing below http knows about status codes.
 */
export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

export class CommentsClosedError extends Error {
  constructor() {
    super('Comments are closed.');
  }
}

export class FloodError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    const wait = retryAfterSeconds === 1 ? '1 second' : `${retryAfterSeconds.toLocaleString('en')} seconds`;
    super(`You are posting comments too quickly. Please wait ${wait} before posting again.`);
  }
}

export class DuplicateCommentError extends Error {
  constructor() {
    super("Duplicate comment detected; it looks as though you've already said that!");
  }
}

export class InvalidParentError extends Error {
  constructor() {
    super(
      'The comment you replied to is no longer shown, so your reply was not posted. Your text is below: send it to post it as a new comment, or pick another comment to reply to.',
    );
  }
}

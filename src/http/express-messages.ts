import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

// node:http's constructors are plain functions (not classes), so they can initialise an object
// made by another constructor, as node's own subclasses did before ES classes.
type Initialiser<A extends unknown[]> = (this: object, ...args: A) => void;
const initRequest = IncomingMessage as unknown as Initialiser<[Socket]>;
const initResponse = ServerResponse as unknown as Initialiser<[IncomingMessage, object | undefined]>;

/**
 * Request and response classes for node:http whose instances are built with Express's methods
 * already as their prototype (`app.request`, `app.response`). Express's app.handle, and the
 * comment fast path, set exactly these prototypes on every request and response; when they are
 * already in place that is a no-op. Otherwise it is a prototype change on two objects with dozens
 * of properties, after which V8 no longer has fast property access to them anywhere they are used
 * for the rest of the request: measured at 40% of the server's CPU per comment post.
 */
export function expressMessageClasses(app: Express): {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
} {
  function ExpressRequest(this: object, socket: Socket) {
    initRequest.call(this, socket);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: object, req: IncomingMessage, options?: object) {
    initResponse.call(this, req, options);
  }
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
  };
}

import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type Express } from 'express';

/**
 * Nest's Express adapter, with requests and responses born with Express's prototypes.
 *
 * Express 5 re-parents every request and response it handles (`Object.setPrototypeOf(req,
 * app.request)`, application.js). V8 then keeps them — and everything they reference: headers,
 * closures, bodies — alive through young-generation GCs until the next full GC: measured under
 * ingest load, ~10 MB promoted per scavenge and 11 ms scavenge pauses (0.3 ms without), and half
 * the requests per second of the same Express app on a bare Express stub (bench/README.md,
 * "Garbage collection"). Here the HTTP server instantiates request and response classes whose
 * prototypes ARE `app.request` and `app.response` (same methods, same chain: Express's, then
 * Node's), so Express's `setPrototypeOf` finds the prototype already in place and changes nothing.
 */
export class WatcherExpressAdapter extends ExpressAdapter {
  private readonly serverClasses: {
    IncomingMessage: typeof IncomingMessage;
    ServerResponse: typeof ServerResponse;
  };

  constructor() {
    const app = express();
    super(app);
    this.serverClasses = {
      IncomingMessage: adoptRequestPrototype(app),
      ServerResponse: adoptResponsePrototype(app),
    };
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.forceCloseConnections) {
      // Not used by Watcher (TLS terminates in front of it); Nest's own server then.
      super.initHttpServer(options);
      return;
    }
    this.httpServer = createServer(this.serverClasses, this.getInstance<Express>());
  }
}

function adoptRequestPrototype(app: Express): typeof IncomingMessage {
  class WatcherRequest extends IncomingMessage {}
  app.request = adopt(WatcherRequest.prototype, app.request) as typeof app.request;
  return WatcherRequest;
}

function adoptResponsePrototype(app: Express): typeof ServerResponse {
  class WatcherResponse extends ServerResponse<IncomingMessage> {}
  app.response = adopt(WatcherResponse.prototype, app.response) as typeof app.response;
  return WatcherResponse as typeof ServerResponse;
}

/** Gives `target` the prototype and own properties (`app`) of `model`; returns `target`. */
function adopt(target: object, model: object): object {
  Object.setPrototypeOf(target, Object.getPrototypeOf(model) as object);
  for (const key of Reflect.ownKeys(model)) {
    Object.defineProperty(target, key, Object.getOwnPropertyDescriptor(model, key)!);
  }
  return target;
}

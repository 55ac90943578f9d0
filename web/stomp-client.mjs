// StompClient: what wx.connectStomp returns. The STOMP session lives in the C++ core
// (sdk/stomp/session.h): this object holds the app's listeners, turns the core's events into
// listener calls and forwards calls. Its SocketTask (`client.task`) is the connection underneath.
//
// A MESSAGE's body is a string, unless its content-type names a type that is not text: then it is
// an ArrayBuffer. Text types are text/*, and any type containing "json" or "xml" (Spring's
// application/json). A body sent as bytes without a content-type goes with
// application/octet-stream, so it comes back as an ArrayBuffer; a string body without one comes
// back as a string.

import { invokeSafely, readArgument, settleOrPromise } from './callbacks.mjs';
import { listenerError } from './socket-task.mjs';
import { toWire, wireOf } from './wire.mjs';

const textDecoder = new TextDecoder();

function isTextType(contentType) {
  return contentType === undefined || /^text\/|json|xml/i.test(contentType);
}

// "name\0value\0..." in wire order; the first of a repeated header wins, as the spec says.
function headersOf(text) {
  const headers = {};
  if (text === null) return headers;
  const parts = text.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (!Object.hasOwn(headers, parts[i])) headers[parts[i]] = parts[i + 1];
  }
  return headers;
}

function isBytes(data) {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

const readSendFields = ({ destination, body, headers, success, fail, complete }) =>
  ({ destination, body, headers, success, fail, complete });

// Only wx.connectStomp makes clients (through newStompClient, which index.mjs does not export).
const CONSTRUCT = Symbol('StompClient');
export let newStompClient;

export class StompClient {
  #session;
  #taskId;
  #task;
  #listeners = { connect: [], error: [] };
  #subscriptions = new Map();  // subscription id -> listener
  #disconnectWaiters = [];

  constructor(token, session, taskId, task) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor: wx.connectStomp() returns StompClient objects');
    this.#session = session;
    this.#taskId = taskId;
    this.#task = task;
    session.trackStomp(taskId, this.#receiver());
    // Transport errors (a refused or failed connection) reach onError too.
    task.onError(({ errMsg }) => this.#emit('error', { message: errMsg, errMsg, headers: {}, body: '' }));
  }

  /** The SocketTask underneath: getStats(), onStateChange, readyState, ... */
  get task() { return this.#task; }

  /** Every (re)connect, once the subscriptions are in place again: ({headers}) of CONNECTED. */
  onConnect(listener) { this.#listen('connect', listener, 'StompClient.onConnect'); }
  /** ERROR frames ({message, headers, body}), protocol and transport errors. */
  onError(listener) { this.#listen('error', listener, 'StompClient.onError'); }
  /** Once, when the client ends for good: ({code, reason}). */
  onClose(listener) {
    const error = listenerError(listener, 'StompClient.onClose');
    if (error) throw new TypeError(error);
    this.#task.onClose(listener);
  }

  /**
   * Subscribes until unsubscribe(): sent again after every reconnect. `headers.ack` is "auto"
   * (default), "client" or "client-individual". Refused arguments throw a TypeError.
   */
  subscribe(destination, listener, headers) {
    const error = listenerError(listener, 'StompClient.subscribe');
    if (error) throw new TypeError(error);
    const { id, errMsg } = this.#session.core.stompSubscribe(this.#taskId, toWire({ destination, headers }));
    if (!id) throw new TypeError(`StompClient.subscribe: ${errMsg}`);
    this.#subscriptions.set(id, listener);
    return {
      id: String(id),
      unsubscribe: () => {
        if (!this.#subscriptions.delete(id) || this.#session.disposed) return;
        this.#session.core.stompUnsubscribe(this.#taskId, id);
      },
    };
  }

  /**
   * A SEND: {destination, body (string or ArrayBuffer/view), headers, success, fail, complete};
   * without callbacks, a Promise. Success is the broker's RECEIPT (or, with receipts: false,
   * the frame written to the socket).
   */
  send(options) {
    const argument = readArgument(options, readSendFields);
    const { fields } = argument;
    if (!fields) {
      // Not an object: there is no callback to fail.
      let refusal;
      this.#session.stompSend(this.#taskId, wireOf(argument), null, (result) => { refusal = result; });
      throw new TypeError(`StompClient.send: ${refusal.errMsg}`);
    }
    const body = fields.body ?? '';
    const sendable = typeof body === 'string' || isBytes(body);
    let { headers } = fields;
    if (isBytes(body) && (headers === undefined ||
        (Object(headers) === headers && !Object.hasOwn(headers, 'content-type')))) {
      headers = { ...headers, 'content-type': 'application/octet-stream' };
    }
    const callWire = toWire({ destination: fields.destination, headers, body: sendable ? undefined : body });
    return settleOrPromise(argument.callbacks, (settleWith) => {
      this.#session.stompSend(this.#taskId, callWire, sendable ? body : null, settleWith);
    });
  }

  /** Ends the session: DISCONNECT, its RECEIPT, then the close. A Promise without callbacks. */
  disconnect(options) {
    const argument = readArgument(options);
    return settleOrPromise(argument.callbacks, (settleWith) => {
      const errMsg = this.#session.disposed ? 'stompDisconnect:fail the wx object was disposed'
        : this.#session.core.stompDisconnect(this.#taskId);
      if (errMsg) settleWith({ errMsg });
      else this.#disconnectWaiters.push(settleWith);
    });
  }

  static {
    newStompClient = (session, taskId, task) => new StompClient(CONSTRUCT, session, taskId, task);
  }

  // What web/session.mjs calls with the core's events for this client's task.
  #receiver() {
    const session = this.#session;
    return {
      connect: (headers) => this.#emit('connect', { headers: headersOf(headers) }),
      message: (subscription, connection, headersText, bodyAt, bodyLength) => {
        const listener = this.#subscriptions.get(subscription);
        if (!listener) return;
        const headers = headersOf(headersText);
        const bytes = session.bytesAt(bodyAt, bodyLength);
        const body = isTextType(headers['content-type']) ? textDecoder.decode(bytes) : bytes.buffer;
        const ackWith = (nack) => (options) => {
          const argument = readArgument(options);
          return settleOrPromise(argument.callbacks, (settleWith) => settleWith({
            errMsg: session.core.stompAck(this.#taskId, headers.ack ?? '', connection, nack),
          }));
        };
        invokeSafely(listener, { headers, body, ack: ackWith(false), nack: ackWith(true) });
      },
      error: (message, headersText, bodyAt, bodyLength) => {
        const body = textDecoder.decode(session.bytesAt(bodyAt, bodyLength));
        this.#emit('error', { message, headers: headersOf(headersText), body });
      },
      disconnect: (errMsg) => {
        for (const settleWith of this.#disconnectWaiters.splice(0)) settleWith({ errMsg });
      },
    };
  }

  #emit(kind, result) {
    for (const listener of this.#listeners[kind].slice()) invokeSafely(listener, result);
  }

  #listen(kind, listener, apiName) {
    const error = listenerError(listener, apiName);
    if (error) throw new TypeError(error);
    this.#listeners[kind].push(listener);
  }
}

// wx-socket-wasm: the WeChat mini-program socket API for web pages.

export interface GeneralCallbackResult {
  errMsg: string;
}

/**
 * Read once, when the API is called (inherited ones too); an outcome that comes later calls what
 * was read then. An argument that cannot be read (a revoked Proxy, a getter that throws) has no
 * callbacks: its parameter error goes to the Promise, onError, or a TypeError.
 */
export interface Callbacks<R = GeneralCallbackResult> {
  success?: (result: R) => void;
  fail?: (result: GeneralCallbackResult) => void;
  complete?: (result: R | GeneralCallbackResult) => void;
}

/** The Promise style applies when none of the callbacks is given. */
export interface NoCallbacks {
  success?: undefined;
  fail?: undefined;
  complete?: undefined;
}

export interface ConnectSocketSuccessResult extends GeneralCallbackResult {
  socketTaskId: number;
}

/**
 * Not in WeChat: hold sends while not open, flush them in order on (re)open, and report success
 * only once the browser has written a message; what it never wrote before a drop goes again.
 */
export interface QueueOption {
  /** Messages waiting for the socket, default 1000. */
  maxMessages?: number;
  /** Bytes waiting for the socket, default 1 MiB. */
  maxBytes?: number;
  /**
   * Waiting messages (a backlog after a reconnect) are handed to the browser only while the
   * ones it has not written yet hold fewer bytes than this; default 65536.
   */
  highWaterMark?: number;
  /** What a full queue does: refuse the new message (default) or drop the oldest. */
  overflow?: 'reject-newest' | 'drop-oldest';
  /** A queued message fails after this many ms; 0 (default) waits as long as the task lives. */
  ttlMs?: number;
}

/** Not in WeChat: application-level ping/pong that finds dead (half-open) connections. */
export interface HeartbeatOption {
  /** Ping every intervalMs (default 10000). */
  intervalMs?: number;
  /** Some frame must come back within timeoutMs of a ping (default 5000), or the connection is dead. */
  timeoutMs?: number;
  /** The deadline of the ping sent when the page becomes visible or the browser goes online (default 2000). */
  probeTimeoutMs?: number;
  /** Text frame to send (default "ping"); an object is sent as its JSON. */
  ping?: string | object;
  /** A text frame equal to this string (default "pong"), or a JSON object holding these fields. Pongs are not delivered to onMessage. */
  pong?: string | Record<string, unknown>;
}

/** Not in WeChat: reconnect the same task after a drop. */
export interface ReconnectOption {
  /** Backoff floor (default 500). The n-th attempt waits uniformly between min and min(max, min * 2^n). */
  minDelayMs?: number;
  /** Backoff ceiling (default 30000). */
  maxDelayMs?: number;
  /** Consecutive failed attempts before giving up with onReconnectFailed then onClose; 0 (default): never. */
  maxAttempts?: number;
  /** The backoff resets only after the connection stayed open this long (default 5000). */
  minUptimeMs?: number;
  /** Close codes that end the task instead of reconnecting: codes or [low, high] ranges. Default [[1002, 1003], [1007, 1010]]. */
  finalCodes?: Array<number | [number, number]>;
}

export interface ResilienceOptions {
  queue?: boolean | QueueOption;
  heartbeat?: boolean | HeartbeatOption;
  reconnect?: boolean | ReconnectOption;
}

export interface ConnectSocketOption extends Callbacks<ConnectSocketSuccessResult>, ResilienceOptions {
  /** ws:// or wss:// URL. */
  url: string;
  /** Sub-protocols; a single string is accepted too, as in WeChat. */
  protocols?: string[] | string;
  /** Connect timeout in ms; overrides config.networkTimeout.connectSocket. */
  timeout?: number;
  /** Largest message accepted from the server, in bytes; overrides config.maxInboundMessageSize. */
  maxInboundMessageSize?: number;
  /** Accepted, but browsers cannot set handshake headers: ignored (warned once). */
  header?: Record<string, string>;
  /** Accepted, but cannot be honoured by a browser: ignored (warned once). */
  tcpNoDelay?: boolean;
  /** Accepted, but the browser negotiates compression itself: ignored (warned once). */
  perMessageDeflate?: boolean;
  /** Accepted, but cannot be honoured by a browser: ignored (warned once). */
  forceCellularNetwork?: boolean;
}

export type SocketData = string | ArrayBuffer | ArrayBufferView;

/**
 * Without the queue option, success means the message was handed to an open socket (WeChat's
 * meaning). With it, success runs once the browser has written the message (its bufferedAmount
 * fell below the message's end), fail when it is refused, dropped, expired, or the task closed
 * for good before it was written.
 */
export interface SendOption extends Callbacks {
  data: SocketData;
}

export interface CloseOption extends Callbacks {
  /** 1000 (default) or 3000-4999. */
  code?: number;
  /** At most 123 bytes of UTF-8. */
  reason?: string;
}

/** What wx.onSocketOpen listeners get, as in WeChat. */
export interface OnSocketOpenResult {
  /** Always empty: a browser cannot see the handshake's response headers. */
  header: Record<string, string>;
}

/** What a task's onOpen listeners get. */
export interface OnOpenResult extends OnSocketOpenResult {
  /** Timestamps in ms since the epoch, measured by the SDK around the connect. */
  profile: { fetchStart: number; connectStart: number; connectEnd: number; cost: number };
}

export interface OnMessageResult {
  /** Text frames arrive as strings, binary frames as ArrayBuffer (never Blob). */
  data: string | ArrayBuffer;
}

export interface OnCloseResult {
  code: number;
  reason: string;
}

export type TaskState = 'connecting' | 'open' | 'closing' | 'reconnecting' | 'closed';

export interface SocketTaskStats {
  state: TaskState;
  readyState: 0 | 1 | 2 | 3;
  /** ms the current connection has been open; 0 when not open. */
  uptimeMs: number;
  /** Round trips of heartbeat pings (all 0 without a heartbeat). */
  rtt: { lastMs: number; averageMs: number; maxMs: number; samples: number };
  messagesIn: number;
  messagesOut: number;
  /**
   * Bytes received: a binary message's bytes; a text's length in UTF-16 code units (its UTF-8
   * size for ASCII, a third of it for Chinese), as counting the UTF-8 of a text nothing reads
   * would cost as much as copying it. Texts the core reads count their UTF-8 bytes: every frame
   * of a STOMP task, and a short text that may be the heartbeat's pong.
   */
  bytesIn: number;
  /** Bytes sent, UTF-8 for text (the browser measures them as it sends). */
  bytesOut: number;
  reconnects: number;
  /**
   * messages/bytes: waiting for the socket. unwritten: handed to the
   * browser, not yet written by it. unconfirmed (with a heartbeat): written,
   * awaiting the pong of a ping sent after them. Their success is still to come.
   */
  queue: {
    messages: number;
    bytes: number;
    unwritten: { messages: number; bytes: number };
    unconfirmed: { messages: number; bytes: number };
  };
  /** Queued messages dropped by overflow: 'drop-oldest'. */
  dropped: number;
  /** Queued messages that outlived queue.ttlMs. */
  expired: number;
}

/** Made by wx.connectSocket() only. */
export declare class SocketTask {
  private constructor();
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  readonly readyState: 0 | 1 | 2 | 3;
  /** Bytes the browser holds unwritten on the current connection, as WebSocket.bufferedAmount. */
  readonly bufferedAmount: number;
  /**
   * Throws a TypeError when `option` is not an object or cannot be read (there is no callback to
   * fail), and an Error after `wx.dispose()`.
   */
  send(option: SendOption): void;
  /**
   * Throws a TypeError when `option` is given but is not an object or cannot be read (it
   * then closes nothing), and an Error after `wx.dispose()`.
   */
  close(option?: CloseOption): void;
  /** Listeners add up; each event reaches every listener registered so far. */
  onOpen(listener: (result: OnOpenResult) => void): void;
  onMessage(listener: (result: OnMessageResult) => void): void;
  onError(listener: (result: GeneralCallbackResult) => void): void;
  onClose(listener: (result: OnCloseResult) => void): void;
  /** Not in WeChat. Every phase change, including reconnect waits. */
  onStateChange(listener: (result: { state: TaskState; previous: TaskState }) => void): void;
  /** Not in WeChat. A drop will be retried after delayMs (the reconnect option). */
  onReconnecting(listener: (result: { attempt: number; delayMs: number; code: number; reason: string }) => void): void;
  /** Not in WeChat. Open again after a drop; onOpen fires right after. */
  onReconnected(listener: (result: { downtimeMs: number; attempts: number }) => void): void;
  /** Not in WeChat. maxAttempts reached; onClose follows. */
  onReconnectFailed(listener: (result: { attempts: number; code: number; reason: string }) => void): void;
  /**
   * Not in WeChat. Figures for dashboards; after the close, the final figures; null when the
   * wx object was disposed before the task closed.
   */
  getStats(): SocketTaskStats | null;
}

/** What config.wasm takes: where the .wasm file is, its bytes, or the module compiled. */
export type WasmSource =
  | string
  | URL
  | Response
  | PromiseLike<Response>
  | ArrayBuffer
  | Uint8Array
  | WebAssembly.Module;

/** A class shaped like the browser's WebSocket: the `ws` package's default export, say. */
export type WebSocketClass = new (url: string, protocols?: string[]) => object;

export interface WxConfig extends ResilienceOptions {
  /**
   * Where the wasm core comes from; default: wx-core.wasm beside the module
   * (`new URL('wx-core.wasm', import.meta.url)`). The first call that loads the core decides;
   * later calls reuse it.
   */
  wasm?: WasmSource;
  /**
   * The WebSocket class to connect with; default: the global WebSocket. One class serves every
   * wx object: a different one later is refused with a TypeError.
   */
  WebSocket?: WebSocketClass;
  /** Concurrent connections per wx object; default 5, as in WeChat. */
  maxConnections?: number;
  networkTimeout?: { /** ms, default 60000 */ connectSocket?: number };
  /** Host names connectSocket may reach; any other fails with "url not in domain list". */
  domainAllowlist?: string[];
  /** Refuse ws:// URLs, as WeChat does outside the devtools. Default false. */
  requireWss?: boolean;
  /**
   * Largest message accepted from a server, in bytes (UTF-8 for text); default 67108864
   * (64 MiB), at most 2147483647. A larger one closes the task: onError, then onClose 1009.
   */
  maxInboundMessageSize?: number;
}

/** Not in WeChat: wx.connectStomp's options, connectSocket's (queue and reconnect on by default) plus STOMP's. */
export interface ConnectStompOption extends Omit<ConnectSocketOption, 'heartbeat'> {
  /** CONNECT headers: login, passcode, host ("/" unless given), or any other. */
  connectHeaders?: Record<string, string>;
  /** STOMP heart-beats in ms (0 turns a side off; default 10000 each); false for none. */
  heartbeat?: { outgoingMs?: number; incomingMs?: number } | boolean;
  /** true (default): a SEND succeeds on its RECEIPT. false for Spring's simple broker: once written. */
  receipts?: boolean;
  /** A written SEND without RECEIPT fails after this (default 30000); also DISCONNECT's bound. */
  receiptTimeoutMs?: number;
  /** The largest frame either side may send (default 1 MiB). */
  maxFrameBytes?: number;
}

export interface StompHeadersResult {
  headers: Record<string, string>;
}

export interface StompErrorResult extends StompHeadersResult {
  /** The ERROR frame's message header, or what went wrong (a protocol or transport error). */
  message: string;
  body: string;
}

/**
 * A MESSAGE. `body` is a string unless the content-type names a type that is not text (text/*,
 * or a type containing "json" or "xml"): then an ArrayBuffer.
 */
export interface StompMessage extends StompHeadersResult {
  body: string | ArrayBuffer;
  /** For ack "client" / "client-individual" subscriptions. A Promise without callbacks. */
  ack(option?: Callbacks & NoCallbacks): Promise<GeneralCallbackResult>;
  ack(option: Callbacks): void;
  nack(option?: Callbacks & NoCallbacks): Promise<GeneralCallbackResult>;
  nack(option: Callbacks): void;
}

export interface StompSubscription {
  id: string;
  /** Ends the subscription; a second call does nothing. */
  unsubscribe(): void;
}

export interface StompSendOption extends Callbacks {
  destination: string;
  /** A string, or bytes (sent with content-type application/octet-stream unless headers say). */
  body?: SocketData;
  headers?: Record<string, string>;
}

/** Made by wx.connectStomp() only. */
export declare class StompClient {
  private constructor();
  /**
   * The SocketTask underneath: getStats(), onStateChange, readyState, ... Its send() fails
   * (an app's own bytes would break the STOMP stream): use the client's send().
   */
  readonly task: SocketTask;
  /** Every (re)connect, once the subscriptions are in place again. */
  onConnect(listener: (result: StompHeadersResult) => void): void;
  /** ERROR frames, protocol errors and transport errors. */
  onError(listener: (result: StompErrorResult) => void): void;
  /** Once, when the client ends for good. */
  onClose(listener: (result: OnCloseResult) => void): void;
  /** Kept until unsubscribe(), sent again after every reconnect. Throws a TypeError when refused. */
  subscribe(destination: string, listener: (message: StompMessage) => void,
    headers?: Record<string, string> & { ack?: 'auto' | 'client' | 'client-individual' }): StompSubscription;
  /** One outcome per SEND. A Promise without callbacks. */
  send(option: StompSendOption & NoCallbacks): Promise<GeneralCallbackResult>;
  send(option: StompSendOption): void;
  /** DISCONNECT, its RECEIPT, then the close. A Promise without callbacks. */
  disconnect(option?: Callbacks & NoCallbacks): Promise<GeneralCallbackResult>;
  disconnect(option: Callbacks): void;
}

/** Made by createWx(), install() or installApi() only. */
export declare class Wx {
  private constructor();
  /** Always returns a task; failures reach fail/complete and the task's onError then onClose. */
  connectSocket(option: ConnectSocketOption): SocketTask;
  /** Not in WeChat: a STOMP 1.2 client on a SocketTask; failures as connectSocket's. */
  connectStomp(option: ConnectStompOption): StompClient;
  /** The wx.onSocket* listeners follow the newest live task; each call replaces the last. */
  onSocketOpen(listener: (result: OnSocketOpenResult) => void): void;
  onSocketMessage(listener: (result: OnMessageResult) => void): void;
  onSocketError(listener: (result: GeneralCallbackResult) => void): void;
  onSocketClose(listener: (result: OnCloseResult) => void): void;
  /** Sends on the newest live task. Returns a Promise when given no callback. */
  sendSocketMessage(option: SendOption & NoCallbacks): Promise<GeneralCallbackResult>;
  sendSocketMessage(option: SendOption): void;
  /** Closes the newest live task. Returns a Promise when given no callback. */
  closeSocket(option?: CloseOption & NoCallbacks): Promise<GeneralCallbackResult>;
  closeSocket(option: CloseOption): void;
  /** Not in WeChat: closes every socket of this wx object and frees its wasm memory. */
  dispose(): void;
  /** Not in WeChat: counters for leak checks (handles and memory are page-wide). */
  readonly debugStats: {
    heldTasks: number;
    liveSocketHandles: number;
    heapBytesInUse: number;
    wasmMemoryBytes: number;
  };
}

/** A fresh, independent wx object. Rejects with a TypeError for a bad config. */
export declare function createWx(config?: WxConfig): Promise<Wx>;
/**
 * createWx(config), also assigned to target.wx (default globalThis). For a typed global `wx`,
 * `import 'wx-socket-wasm/global'`.
 */
export declare function install(target?: object, config?: WxConfig): Promise<Wx>;

/** The socket API of wx, as installApi() puts it on a framework object. */
export type WxSocketApi = Pick<Wx,
  'connectSocket' | 'onSocketOpen' | 'onSocketMessage' | 'onSocketError' | 'onSocketClose' |
  'sendSocketMessage' | 'closeSocket'>;

/**
 * createWx(config), with its socket API (WxSocketApi) put on `target`, a mini-program-like
 * framework's object: installApi(Taro) makes Taro.connectSocket, Taro.onSocketMessage, ... this SDK's.
 */
export declare function installApi(target: object, config?: WxConfig): Promise<Wx>;

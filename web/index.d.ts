// wx-socket-wasm: the WeChat mini-program socket API for web pages.

export interface GeneralCallbackResult {
  errMsg: string;
}

export interface Callbacks<R = GeneralCallbackResult> {
  success?: (result: R) => void;
  fail?: (result: GeneralCallbackResult) => void;
  complete?: (result: R | GeneralCallbackResult) => void;
}

export interface ConnectSocketSuccessResult extends GeneralCallbackResult {
  socketTaskId: number;
}

export interface ConnectSocketOption extends Callbacks<ConnectSocketSuccessResult> {
  /** ws:// or wss:// URL. */
  url: string;
  /** Sub-protocols; a single string is accepted too, as in WeChat. */
  protocols?: string[] | string;
  /** Connect timeout in ms; overrides config.networkTimeout.connectSocket. */
  timeout?: number;
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

export interface SendOption extends Callbacks {
  data: SocketData;
}

export interface CloseOption extends Callbacks {
  /** 1000 (default) or 3000-4999. */
  code?: number;
  /** At most 123 bytes of UTF-8. */
  reason?: string;
}

export interface OnOpenResult {
  /** Always empty: a browser cannot see the handshake's response headers. */
  header: Record<string, string>;
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

export declare class SocketTask {
  static readonly CONNECTING: 0;
  static readonly OPEN: 1;
  static readonly CLOSING: 2;
  static readonly CLOSED: 3;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
  readonly readyState: 0 | 1 | 2 | 3;
  /** Throws a TypeError when `option` is not an object (there is no callback to fail). */
  send(option: SendOption): void;
  close(option?: CloseOption): void;
  /** Listeners add up; each event reaches every listener registered so far. */
  onOpen(listener: (result: OnOpenResult) => void): void;
  onMessage(listener: (result: OnMessageResult) => void): void;
  onError(listener: (result: GeneralCallbackResult) => void): void;
  onClose(listener: (result: OnCloseResult) => void): void;
}

export interface WxConfig {
  /** Concurrent connections per wx object; default 5, as in WeChat. */
  maxConnections?: number;
  networkTimeout?: { /** ms, default 60000 */ connectSocket?: number };
  /** Host names connectSocket may reach; any other fails with "url not in domain list". */
  domainAllowlist?: string[];
  /** Refuse ws:// URLs, as WeChat does outside the devtools. Default false. */
  requireWss?: boolean;
}

export declare class Wx {
  /** Always returns a task; failures reach fail/complete and the task's onError then onClose. */
  connectSocket(option: ConnectSocketOption): SocketTask;
  /** The wx.onSocket* listeners follow the newest live task; each call replaces the last. */
  onSocketOpen(listener: (result: OnOpenResult) => void): void;
  onSocketMessage(listener: (result: OnMessageResult) => void): void;
  onSocketError(listener: (result: GeneralCallbackResult) => void): void;
  onSocketClose(listener: (result: OnCloseResult) => void): void;
  /** Sends on the newest live task. Returns a Promise when given no callback. */
  sendSocketMessage(option: SendOption): Promise<GeneralCallbackResult> | undefined;
  sendSocketMessage(option: Omit<SendOption, 'success' | 'fail' | 'complete'>): Promise<GeneralCallbackResult>;
  /** Closes the newest live task. Returns a Promise when given no callback. */
  closeSocket(option?: CloseOption): Promise<GeneralCallbackResult> | undefined;
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
/** createWx(config), also assigned to target.wx (default globalThis). */
export declare function install(target?: object, config?: WxConfig): Promise<Wx>;

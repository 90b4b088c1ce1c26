import type { Envelope } from '../../../core/api/contract';
import { WORKSPACE_SWITCHED } from '../../../core/bridge/protocol';
import { EventHub, LabCallError, type Transport } from './transport';
import { uploadOverHttp } from './upload';

const RECONNECT_MS = 1000;

/**
 * Browser mode: LabApi over the bridge's WebSocket. The token comes from the page URL the CLI
 * printed; requests made while (re)connecting wait for the socket.
 */
export function wsTransport(url: string): Transport {
  const hub = new EventHub();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let socket: WebSocket;
  let opened: Promise<void>;
  let closed = false;

  const connect = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as ({ id: number } & Envelope<unknown>) | { event: string; payload: unknown };
      if ('event' in data) return hub.emit(data.event, data.payload);
      const waiter = pending.get(data.id);
      if (!waiter) return;
      pending.delete(data.id);
      if (data.ok) waiter.resolve(data.value);
      else waiter.reject(new LabCallError(data.error));
    });
    socket.addEventListener('close', (event) => {
      if (event.code === WORKSPACE_SWITCHED) return location.reload();
      for (const waiter of pending.values()) waiter.reject(new LabCallError({ code: 'io', message: 'connection to ServoLab lost' }));
      pending.clear();
      if (!closed) setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();

  return {
    async call(method, params) {
      await opened;
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    on: (event, listener) => hub.on(event, listener),
    upload: (file) => uploadOverHttp(file),
    close() {
      closed = true;
      socket.close();
    },
  };
}

/** The API socket URL of the page this renderer was served from (token included). */
export function bridgeUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

// Routes HTTP upgrades: the browser market socket lives at /ws (and the original app's
// /ws/market/); anything else is refused so no socket leaks.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const WS_PATHS = new Set(['/ws', '/ws/', '/ws/market', '/ws/market/']);

export function createUpgradeHandler(onConnection: (ws: WebSocket, req: IncomingMessage) => void) {
  // 64 KiB is far above any client message of the protocol; larger frames close the socket.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!WS_PATHS.has(pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  };
  return { wss, handleUpgrade };
}

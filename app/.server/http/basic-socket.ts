// The /ws protocol before the market hub is wired in: heartbeat and an echo, with errors
// reported on the socket rather than dropped.
import type { WebSocket } from 'ws';

export function handleBasicSocket(ws: WebSocket, heartbeatMs = 15_000): void {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, heartbeatMs);
  ws.on('close', () => clearInterval(timer));
  ws.on('message', (data) => {
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify({ type: 'error', code: 'bad_json', message: 'message is not valid JSON' }));
      return;
    }
    const action = msg && typeof msg === 'object' ? (msg as { action?: unknown }).action : undefined;
    if (action === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    else ws.send(JSON.stringify({ type: 'error', code: 'unknown_action', message: `unknown action ${JSON.stringify(action)}` }));
  });
}

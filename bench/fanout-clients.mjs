// Child process of bench/fanout.bench.ts: opens its share of the `ws` clients, subscribes each
// to its books, and reports latency samples when told to stop. Kept apart from the simulators so
// one busy event loop does not delay both the venue side and the client side of the measurement.
import WebSocket from 'ws';

const { url, streams, first, count, subsPerClient } = JSON.parse(process.argv[2]);
let measuring = false;
const latencies = [];
const upstream = [];
const downstream = [];
let received = 0;
let notLive = 0;
const sockets = [];

for (let i = first; i < first + count; i++) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  for (let k = 0; k < subsPerClient; k++) {
    const s = streams[(i * subsPerClient + k) % streams.length];
    ws.send(JSON.stringify({ action: 'subscribe', exchange: s.exchange, symbol: s.symbol }));
  }
  ws.on('message', (data) => {
    const now = Date.now();
    if (!measuring) return;
    const m = JSON.parse(data.toString());
    if (m.b === undefined) return;
    received++;
    if (m.status) notLive++;
    else if (typeof m.ts === 'number' && m.ts > 0) {
      latencies.push(now - m.ts);
      if (typeof m.recv === 'number' && m.recv > 0) {
        upstream.push(m.recv - m.ts);
        downstream.push(now - m.recv);
      }
    }
  });
  sockets.push(ws);
}
process.send({ type: 'ready' });
process.on('message', (msg) => {
  if (msg.type === 'start') measuring = true;
  if (msg.type === 'stop') {
    measuring = false;
    process.send({ type: 'result', latencies, upstream, downstream, received, notLive }, () => {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    });
  }
});

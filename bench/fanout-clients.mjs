// Child process of bench/fanout.bench.ts: opens its share of the `ws` clients, subscribes each
// to its books, and reports latency samples when told to stop. Kept apart from the simulators so
// one busy event loop does not delay both the venue side and the client side of the measurement.
import WebSocket from 'ws';

const { url, streams, first, count, subsPerClient } = JSON.parse(process.argv[2]);
let measuring = false;

/**
 * The stamps of a book message, found by name without parsing its levels (numbers only, so the
 * names cannot occur inside them): the bench measures delivery, and a full JSON.parse per message
 * would put this process's own backlog inside the figures. Null for acks and other messages.
 */
function stamps(text) {
  if (!text.includes('"b":[')) return null;
  const num = (name) => {
    const at = text.lastIndexOf(`"${name}":`);
    return at < 0 ? 0 : parseInt(text.slice(at + name.length + 3, at + name.length + 20), 10) || 0;
  };
  return { status: text.includes('"status":'), ts: num('ts'), recv: num('recv') };
}
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
    const m = stamps(data.toString());
    if (!m) return;
    received++;
    if (m.status) notLive++;
    else if (m.ts > 0) {
      latencies.push(now - m.ts);
      if (m.recv > 0) {
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

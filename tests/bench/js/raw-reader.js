// The flood source's ceiling: a minimal reader that negotiates, shakes hands, subscribes
// and only counts callback records (no JSON parsing, no client library beyond `ws`, a
// newer one than the official client's, with its UTF-8 check off: the check in JS was
// what bounded this reader, below the clients it is to bound).
//   node raw-reader.js live URL N
//   node raw-reader.js history URL N   (pages with GetEventsSince, finding the token by search)
'use strict';
const WebSocket = require('ws8');

const [mode, url, countText] = process.argv.slice(2);
const target = Number(countText);
const RS = 0x1e;

function report(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

async function main() {
  const negotiate = await fetch(url + '/negotiate?negotiateVersion=1', {
    method: 'POST', headers: { Authorization: 'Bearer bench' },
  });
  const { connectionToken } = await negotiate.json();
  const wsUrl = url.replace(/^http/, 'ws') + '?id=' + encodeURIComponent(connectionToken) + '&access_token=bench';
  const socket = new WebSocket(wsUrl, { skipUTF8Validation: true, perMessageDeflate: false });
  socket.binaryType = 'nodebuffer';
  const send = (object) => socket.send(JSON.stringify(object) + '\x1e');
  const marker = Buffer.from('"target":"On');
  const pageMarker = Buffer.from('"invocationId":"h');
  const kindMarker = Buffer.from('"Kind":');
  const tokenMarker = Buffer.from('"ContinuationToken":');
  let handshaken = false;
  let counting = false;
  let count = 0;
  let first = 0n;
  let pending = [];
  let waiter = null;
  let historyCount = 0;
  let began = 0n;

  socket.on('open', () => socket.send('{"protocol":"json","version":1}\x1e'));
  socket.on('message', (data) => {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (!handshaken) {
      handshaken = true;
      // Let the active state pushed on connect go by, then subscribe: the flood follows.
      setTimeout(() => {
        if (mode === 'live') {
          counting = true;
          send({ type: 1, invocationId: '1', target: 'SubscribeToStrategies', arguments: [{ Strategies: null }] });
        } else {
          began = process.hrtime.bigint();
          requestPage(null);
        }
      }, 300);
      return;
    }
    if (mode === 'live') {
      if (!counting) return;
      let at = buffer.indexOf(marker);
      while (at >= 0) {
        if (count === 0) first = process.hrtime.bigint();
        if (++count === target) {
          const seconds = Number(process.hrtime.bigint() - first) / 1e9;
          report({ mode, events: count, seconds, rate: (count - 1) / seconds });
          process.exit(0);
        }
        at = buffer.indexOf(marker, at + marker.length);
      }
    } else {
      // A page arrives as many WebSocket messages: they are joined once its record
      // separator is there (joining at every message copied each page ~30 times over,
      // and made this "ceiling" slower than the clients it bounds).
      const end = buffer.lastIndexOf(RS);
      if (end < 0) {
        pending.push(buffer);
        return;
      }
      pending.push(buffer.subarray(0, end));
      const page = Buffer.concat(pending);
      pending = [buffer.subarray(end + 1)];
      if (waiter && page.includes(pageMarker)) waiter(page);
    }
  });
  socket.on('error', (error) => { console.error(error); process.exit(1); });

  let page = 0;
  function requestPage(token) {
    waiter = (page) => {
      waiter = null;
      // Searched in the bytes, as the live count is: no string of the whole page is made.
      let events = 0;
      let at = page.indexOf(kindMarker);
      while (at >= 0) { ++events; at = page.indexOf(kindMarker, at + kindMarker.length); }
      historyCount += events;
      const tail = page.subarray(page.lastIndexOf(tokenMarker)).toString('latin1');
      const match = /"ContinuationToken":("(?:[^"\\]|\\.)*"|null)/.exec(tail);
      const next = match ? JSON.parse(match[1]) : null;
      if (next === null || next === '' || events === 0) {
        const seconds = Number(process.hrtime.bigint() - began) / 1e9;
        report({ mode, events: historyCount, seconds, rate: historyCount / seconds });
        process.exit(0);
      }
      requestPage(next);
    };
    send({ type: 1, invocationId: 'h' + (++page), target: 'GetEventsSince',
      arguments: [{ SinceEventSeqId: 0, Limit: 1000, ContinuationToken: token }] });
  }
}

main().catch((error) => { console.error(error); process.exit(1); });

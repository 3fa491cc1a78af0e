// The benchmark peer: Microsoft's official JavaScript client (@microsoft/signalr),
// receiving the same flood and paging the same history from the same source.
//   node peer.js live URL N [PROTOCOL]     events per second of N flood callbacks
//   node peer.js history URL N [PROTOCOL]  events per second paging N events, 1000 a page
// PROTOCOL: json (default) or messagepack (@microsoft/signalr-protocol-msgpack).
// Prints one JSON object; live counts each EventSeqId once and reports the duplicates.
'use strict';
const signalR = require('@microsoft/signalr');

const [mode, url, countText, protocolName = 'json'] = process.argv.slice(2);
const target = Number(countText);

const CALLBACKS = [
  'EntrySignal', 'ExitSignal', 'AdjustmentSignal', 'OrderUpdate', 'PositionUpdate', 'LegUpdate',
  'AgentStatusChange', 'Error', 'PositionEntryPreparationCompleted', 'PositionEntryPreparationFailed',
  'PositionExitPreparationCompleted', 'PositionExitPreparationFailed', 'PositionAdjustmentPreparationCompleted',
  'PositionAdjustmentPreparationFailed', 'AutoUpdateVarsAdjustmentStarted', 'AutoUpdateVarsAdjustmentCompleted',
  'AutoUpdateVarsAdjustmentFailed',
].map((kind) => 'On' + kind);

function report(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

async function main() {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(url, { transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => 'bench' })
    .configureLogging(signalR.LogLevel.Warning);
  if (protocolName === 'messagepack') {
    const { MessagePackHubProtocol } = require('@microsoft/signalr-protocol-msgpack');
    builder.withHubProtocol(new MessagePackHubProtocol());
  } else if (protocolName !== 'json') {
    throw new Error('PROTOCOL is json or messagepack');
  }
  const connection = builder.build();
  connection.serverTimeoutInMilliseconds = 120000;

  if (mode === 'live') {
    let startSeq = null;
    let count = 0;
    let duplicates = 0;
    let first = 0n;
    // One bit per EventSeqId after the start: each counted once, a repeat reported.
    const seen = new Uint8Array(Math.ceil(target / 8) + 1);
    await new Promise((resolve) => {
      const onEvent = (event) => {
        // As our client does: the common fields are read out of every event.
        if (startSeq === null || !event || Number(event.EventSeqId) <= startSeq) return;
        const offset = Number(event.EventSeqId) - startSeq - 1;
        if (offset >= target) return;
        if (seen[offset >> 3] & (1 << (offset & 7))) {
          ++duplicates;
          return;
        }
        seen[offset >> 3] |= 1 << (offset & 7);
        if (count === 0) first = process.hrtime.bigint();
        if (++count === target) {
          const seconds = Number(process.hrtime.bigint() - first) / 1e9;
          report({ mode, protocol: protocolName, events: count, duplicates, seconds, rate: (count - 1) / seconds });
          resolve();
        }
      };
      for (const name of CALLBACKS) connection.on(name, onEvent);
      connection.start()
        .then(() => connection.invoke('GetLatestEventSeqId'))
        .then((latest) => {
          startSeq = Number(latest);
          return connection.invoke('SubscribeToStrategies', { Strategies: null });
        })
        .catch((error) => { console.error(error); process.exit(1); });
    });
  } else if (mode === 'history') {
    await connection.start();
    const began = process.hrtime.bigint();
    let count = 0;
    let token = null;
    for (;;) {
      const page = await connection.invoke('GetEventsSince', { SinceEventSeqId: 0, Limit: 1000, ContinuationToken: token });
      count += page.Events.length;
      token = page.ContinuationToken;
      if (token === null || token === undefined || token === '') break;
    }
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    report({ mode, events: count, seconds, rate: count / seconds });
  } else {
    throw new Error('mode is live or history');
  }
  await connection.stop();
  process.exit(0);
}

main().catch((error) => { console.error(error); process.exit(1); });

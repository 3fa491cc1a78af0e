#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets: corpus/hub_records/ (fuzz_hub_records) and
corpus/msgpack_records/ (fuzz_msgpack_records).

Each seed is a byte stream as a hub sends it after the WebSocket opens: the handshake
response, then JSON hub protocol records each ending in 0x1E, or MessagePack hub protocol
records each preceded by its VarInt length. The payloads are the examples of
docs/events.md (the simulator's, seed 42). Rerun after changing a seed here; seeds added
by hand (crashes kept as regressions, named regression-*) are left alone.
"""

import json
import pathlib
import struct

RS = "\x1e"
CORPUS = pathlib.Path(__file__).resolve().parent / "corpus"

COMMON = {"EventTime": "2026-11-25T10:11:06.785Z"}

# One example per kind, from docs/events.md.
KINDS = {
    "EntrySignal": {"EventId": "72ea011e-d845-4b25-9ecf-4db9f65e4640", "EventSeqId": 1, "StrategyId": 106, "StrategyName": "XSP Jade Lizard", "SignalId": "SIG-1", "IsActive": True, "Underlying": "XSP", "UnderlyingPrice": 598.57, "Trigger": "VIX 14.4 inside the entry band"},
    "ExitSignal": {"EventId": "c713c35d-3fab-4cb1-8b97-cd6f3dbb1027", "EventSeqId": 127, "StrategyId": 102, "StrategyName": "SPX Put Credit Spread 45DTE", "SignalId": "SIG-58", "IsActive": True, "Underlying": "SPX", "UnderlyingPrice": 6006.99, "PositionId": "POS-30", "Trigger": "Profit target 60% reached"},
    "AdjustmentSignal": {"EventId": "5be71d8a-51aa-47b5-8884-f82d035de0ae", "EventSeqId": 104, "StrategyId": 109, "StrategyName": "SPX Short Put Ladder", "SignalId": "SIG-51", "IsActive": True, "Underlying": "SPX", "UnderlyingPrice": 5813.37, "PositionId": "POS-39", "Trigger": "Underlying within 1.0% of the short strike", "Action": "RollUntested"},
    "OrderUpdate": {"EventId": "2887781f-4ec0-4822-b9ec-843e3b558766", "EventSeqId": 4, "StrategyId": 110, "StrategyName": "VIX Call Spread Hedge", "OrderId": "ORD-7", "Status": "Working", "Quantity": 5, "FilledQuantity": 0, "LimitPrice": 1.25, "AvgFillPrice": 0, "Legs": [{"Symbol": "VIX261225C20", "Side": "Buy", "Quantity": 1}, {"Symbol": "VIX261225C25", "Side": "Sell", "Quantity": 1}]},
    "PositionUpdate": {"EventId": "5ebdc6ee-e01f-44da-8c4c-b117856ed38c", "EventSeqId": 29, "StrategyId": 105, "StrategyName": "SPY Strangle Weekly", "PositionId": "POS-12", "Status": "Open", "Quantity": 1, "AvgOpenPrice": 1.85, "MarkPrice": 1.85, "UnrealizedPnl": 0, "RealizedPnl": 0},
    "LegUpdate": {"EventId": "b6cb0bbd-82ce-4ab0-8ca9-da91ca498709", "EventSeqId": 30, "StrategyId": 105, "StrategyName": "SPY Strangle Weekly", "PositionId": "POS-12", "Symbol": "SPY261202P584", "Right": "Put", "Strike": 584, "Expiration": "2026-12-02", "Side": "Sell", "Quantity": 1, "AvgPrice": 0.9, "MarkPrice": 0.9, "Delta": -0.073},
    "AgentStatusChange": {"EventId": "a8690039-e836-4d1b-a442-ea16bd94440e", "EventSeqId": 23, "StrategyId": 106, "StrategyName": "XSP Jade Lizard", "AgentName": "agent-nyc-01", "Status": "Degraded", "PreviousStatus": "Online", "Message": "Heartbeat latency 4.4 s"},
    "Error": {"EventId": "bf0f5787-387f-4190-8185-caa6030a76f8", "EventSeqId": 24, "StrategyId": 106, "StrategyName": "XSP Jade Lizard", "ErrorId": "ERR-35", "Severity": "Warning", "Code": "SLIPPAGE_HIGH", "Message": "XSP fill slipped 0.15 from the limit", "IsActive": False},
    "PositionEntryPreparationCompleted": {"EventId": "e79c0ecf-c606-4194-9af9-0c84cb198668", "EventSeqId": 3, "StrategyId": 110, "StrategyName": "VIX Call Spread Hedge", "JobId": "JOB-6", "SignalId": "SIG-5", "Underlying": "VIX", "Expiration": "2026-12-25", "Legs": [{"Symbol": "VIX261225C20", "Right": "Call", "Strike": 20, "Expiration": "2026-12-25", "Quantity": 1, "Side": "Buy"}, {"Symbol": "VIX261225C25", "Right": "Call", "Strike": 25, "Expiration": "2026-12-25", "Quantity": 1, "Side": "Sell"}], "OrderId": "ORD-7", "LimitPrice": 1.25, "Quantity": 5},
    "PositionEntryPreparationFailed": {"EventId": "4f38f7c7-4ea8-4292-824f-580a99a1ad56", "EventSeqId": 8, "StrategyId": 101, "StrategyName": "SPX 0DTE Iron Condor", "JobId": "JOB-14", "SignalId": "SIG-13", "Reason": "No quote for SPXW261125P5855"},
    "PositionExitPreparationCompleted": {"EventId": "a2032a6d-29f6-4ea9-8327-39f14019b0f9", "EventSeqId": 130, "StrategyId": 102, "StrategyName": "SPX Put Credit Spread 45DTE", "JobId": "JOB-59", "SignalId": "SIG-58", "PositionId": "POS-30", "Underlying": "SPX", "Expiration": "2027-01-08", "Legs": [{"Symbol": "SPXW270108P5795", "Right": "Put", "Strike": 5795, "Expiration": "2027-01-08", "Quantity": 1, "Side": "Sell"}, {"Symbol": "SPXW270108P5845", "Right": "Put", "Strike": 5845, "Expiration": "2027-01-08", "Quantity": 1, "Side": "Buy"}], "OrderId": "ORD-60", "LimitPrice": 0.75, "Quantity": 5},
    "PositionExitPreparationFailed": {"EventId": "433e2658-e401-4af7-8276-73f7dcece8a1", "EventSeqId": 191, "StrategyId": 104, "StrategyName": "NDX Calendar", "JobId": "JOB-68", "SignalId": "SIG-67", "PositionId": "POS-34", "Reason": "Broker rejected the closing order preview"},
    "PositionAdjustmentPreparationCompleted": {"EventId": "6085a165-64bb-4d21-97da-edb28b5a1c40", "EventSeqId": 134, "StrategyId": 110, "StrategyName": "VIX Call Spread Hedge", "JobId": "JOB-55", "SignalId": "SIG-54", "PositionId": "POS-8", "Underlying": "VIX", "Expiration": "2026-12-25", "Legs": [{"Symbol": "VIX261225C25", "Right": "Call", "Strike": 25, "Expiration": "2026-12-25", "Quantity": 1, "Side": "Buy"}, {"Symbol": "VIX261225C27", "Right": "Call", "Strike": 27, "Expiration": "2026-12-25", "Quantity": 1, "Side": "Sell"}], "OrderId": "ORD-56", "LimitPrice": 0.35, "Quantity": 5, "VarsName": "StopLoss"},
    "PositionAdjustmentPreparationFailed": {"EventId": "4d4ee355-89cf-4ddd-abbc-d5a5d6613acc", "EventSeqId": 113, "StrategyId": 109, "StrategyName": "SPX Short Put Ladder", "JobId": "JOB-52", "SignalId": "SIG-51", "PositionId": "POS-39", "Reason": "Roll credit 0.05 below the 0.25 minimum"},
    "AutoUpdateVarsAdjustmentStarted": {"EventId": "ffbc47f3-5e0c-447c-9e9e-7597dc2cc6ef", "EventSeqId": 136, "StrategyId": 110, "StrategyName": "VIX Call Spread Hedge", "JobId": "JOB-57", "SignalId": "SIG-54", "PositionId": "POS-8", "VarsName": "StopLoss", "OldValues": {"StopLossPct": 300}},
    "AutoUpdateVarsAdjustmentCompleted": {"EventId": "6a6f7f5f-3b53-4025-b27f-c5589aa33333", "EventSeqId": 258, "EventTime": "2026-11-25T10:11:48.304Z", "StrategyId": 108, "StrategyName": "IWM Iron Fly", "JobId": "JOB-96", "SignalId": "SIG-93", "PositionId": "POS-43", "VarsName": "ProfitTarget", "OldValues": {"ProfitTargetPct": 70}, "NewValues": {"ProfitTargetPct": 55}, "DurationMs": 2714},
    "AutoUpdateVarsAdjustmentFailed": {"EventId": "e29debd3-e360-4050-ac4f-bb4ca2eb185a", "EventSeqId": 175, "StrategyId": 110, "StrategyName": "VIX Call Spread Hedge", "JobId": "JOB-57", "SignalId": "SIG-54", "PositionId": "POS-8", "VarsName": "StopLoss", "OldValues": {"StopLossPct": 300}, "Reason": "Vars locked by a running job", "DurationMs": 23366},
}
for payload in KINDS.values():
    for key, value in COMMON.items():
        payload.setdefault(key, value)


def record(value):
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), sort_keys=True)
    return text + RS


def stream(*records, handshake="{}"):
    return "".join(record(r) for r in ((handshake,) + records if handshake is not None else records))


def invocation(kind, payload=None, target=None):
    return {"type": 1, "target": target or "On" + kind, "arguments": [payload or KINDS[kind]]}


def envelope(kind):
    return {"Kind": kind, kind: KINDS[kind]}


def completion(invocation_id, result):
    return {"type": 3, "invocationId": invocation_id, "result": result}


def seeds():
    yield "handshake-ok", record("{}")
    yield "handshake-error", record({"error": "Requested protocol 'messagepack' is not available."})
    yield "handshake-request", record({"protocol": "json", "version": 1})
    yield "handshake-then-ping", stream({"type": 6})
    for kind in KINDS:
        yield "callback-" + kind, stream(invocation(kind))
    yield "history-page", stream(completion("1", {
        "Events": [envelope("OrderUpdate"), envelope("PositionUpdate"), envelope("Error")],
        "ContinuationToken": "eyJzIjozMCwiZSI6MjU4fQ.c2lnbmF0dXJl"}))
    yield "history-last-page", stream(completion("2", {
        "Events": [envelope("EntrySignal"), {"Kind": "SomethingNew", "SomethingNew": dict(KINDS["Error"], EventSeqId=300)},
                   {"Kind": "EntrySignal"}, 17],
        "ContinuationToken": None}))
    yield "subscribe-result", stream(completion("3", {
        "SuccessfulStrategies": [101, 102, {"StrategyId": 103}],
        "FailedStrategies": [999, {"StrategyId": 998, "Reason": "Unknown strategy"}, {"id": "x", "message": 5}]}))
    yield "completion-error", stream({"type": 3, "invocationId": "4", "error": "Invalid continuation token"})
    yield "completion-empty", stream({"type": 3, "invocationId": "5"}, {"type": 3, "invocationId": "6", "error": ""})
    yield "stream-item-cancel", stream({"type": 2, "invocationId": "7", "item": {"Events": []}}, {"type": 5, "invocationId": "7"},
                                       {"type": 4, "invocationId": "8", "target": "Stream", "arguments": []})
    yield "close", stream({"type": 7, "error": "Server shutting down", "allowReconnect": True})
    yield "ack-sequence", stream({"type": 8, "sequenceId": 41}, {"type": 9, "sequenceId": 42}, {"type": 9, "sequenceId": 1.5})
    yield "unknown-type-headers", stream({"type": 42, "payload": [1, 2]},
                                         {"type": 1, "headers": {"a": "b", "n": 3, "o": {"x": 1}}, "target": "OnError", "arguments": [KINDS["Error"]]})
    # Several records in one message, the last one unfinished.
    yield "mixed-partial", stream(invocation("OrderUpdate"), {"type": 6}, invocation("LegUpdate"),
                                  completion("9", {"Events": [envelope("LegUpdate")], "ContinuationToken": ""})) + '{"type":1,"target":"OnOrd'
    # Callbacks the client does not know, odd shapes of the common fields.
    yield "callback-unknown", stream(invocation("Error", dict(KINDS["Error"], EventSeqId=500), target="OnSomethingNew"),
                                     invocation("Error", dict(KINDS["Error"], EventSeqId=501), target="Kind"))
    yield "fields-as-strings", stream(invocation("OrderUpdate", dict(KINDS["OrderUpdate"], EventId=12345, EventSeqId="77", StrategyId="110")))
    yield "time-offsets", stream(invocation("PositionUpdate", dict(KINDS["PositionUpdate"], EventTime="2026-11-25T12:11:06.785+02:00")),
                                 invocation("PositionUpdate", dict(KINDS["PositionUpdate"], EventTime="2026-11-25T10:11:06")))
    yield "huge-numbers", stream(invocation("LegUpdate", dict(KINDS["LegUpdate"], EventSeqId=1e300, StrategyId=-1e300)),
                                 invocation("LegUpdate", dict(KINDS["LegUpdate"], EventSeqId=9223372036854775807)),
                                 {"type": 8, "sequenceId": 1e300})
    # Malformed ones: each must be refused with a reason, never crash.
    yield "bad-json", stream('{"type":1,"target":"OnError","arguments":[{"EventId":', "not json", "[1,2,3]", '"text"')
    yield "bad-fields", stream({"target": "OnError", "arguments": []}, {"type": 1, "arguments": []},
                               {"type": 1, "target": "OnError", "arguments": {}}, {"type": "1"}, {"type": 3},
                               {"type": 3, "invocationId": 5}, {"type": 7, "error": 3})
    yield "bad-events", stream(invocation("Error", {"EventSeqId": 1, "EventTime": "2026-11-25T10:11:06.785Z"}),
                               invocation("Error", dict(KINDS["Error"], EventSeqId=-3)),
                               invocation("Error", dict(KINDS["Error"], EventTime="yesterday")),
                               invocation("Error", dict(KINDS["Error"], EventSeqId=2.5)),
                               {"type": 1, "target": "OnError", "arguments": [1, None, "x", [], KINDS["Error"]]})
    yield "bad-pages", stream(completion("10", {"Events": {}}), completion("11", [1]), completion("12", {"Events": [[], None, {}]}))
    yield "separators-only", RS * 5
    yield "escaped-separator", stream(invocation("Error", dict(KINDS["Error"], Message="a\x1eb\u0000c\ud800")))


# MessagePack, enough of it for the hub protocol's messages.
def pack(value):
    if value is None:
        return b"\xc0"
    if value is True:
        return b"\xc3"
    if value is False:
        return b"\xc2"
    if isinstance(value, int):
        if 0 <= value < 128:
            return bytes([value])
        if -32 <= value < 0:
            return struct.pack("b", value)
        if 0 <= value < 2**32:
            return b"\xce" + struct.pack(">I", value)
        return b"\xd3" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"\xcb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return b"\xc4" + bytes([len(value)]) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        if len(data) < 32:
            return bytes([0xA0 | len(data)]) + data
        if len(data) < 256:
            return b"\xd9" + bytes([len(data)]) + data
        return b"\xda" + struct.pack(">H", len(data)) + data
    if isinstance(value, (list, tuple)):
        head = bytes([0x90 | len(value)]) if len(value) < 16 else b"\xdc" + struct.pack(">H", len(value))
        return head + b"".join(pack(item) for item in value)
    if isinstance(value, dict):
        head = bytes([0x80 | len(value)]) if len(value) < 16 else b"\xde" + struct.pack(">H", len(value))
        return head + b"".join(pack(k) + pack(v) for k, v in value.items())
    raise TypeError(value)


def varint(length):
    out = bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        out.append(byte | (0x80 if length else 0))
        if not length:
            return bytes(out)


def binary(*messages, handshake=b"{}\x1e"):
    return handshake + b"".join(varint(len(m)) + m for m in (pack(x) if not isinstance(x, bytes) else x for x in messages))


def msgpack_seeds():
    for kind in KINDS:
        yield "callback-" + kind, binary([1, {}, None, "On" + kind, [KINDS[kind]], []])
    yield "history-page", binary([3, {}, "1", 3, {"Events": [envelope("OrderUpdate"), envelope("LegUpdate"), {"Kind": "X"}],
                                                   "ContinuationToken": "eyJzIjozMH0.c2ln"}])
    yield "subscribe-result", binary([3, {}, "2", 3, {"SuccessfulStrategies": [101, 102], "FailedStrategies": [{"StrategyId": 9, "Reason": "Unknown"}]}])
    yield "completion-kinds", binary([3, {}, "3", 1, "Invalid continuation token"], [3, {}, "4", 2], [3, {}, "5", 7])
    yield "ping-close-ack", binary([6], [8, 41], [9, 42], [7, "Server shutting down", True], [7, None])
    yield "stream-cancel-headers", binary([2, {"a": "b"}, "6", {"Events": []}], [5, {}, "6"], [4, {}, "7", "Stream", [], []], [42, "future"])
    yield "odd-values", binary([1, {}, "8", "OnLegUpdate", [dict(KINDS["LegUpdate"], EventSeqId=2**63 - 1, Blob=b"\x00\x01", Delta=-0.5)], []],
                               b"\x96\x01\x80\xc0\xa7OnError\x91\xd6\xff\x00\x00\x00\x01\x90")
    yield "malformed", binary(b"", b"\x91", b"\x95\x01", b"\xc1", b"\xdd\xff\xff\xff\xff", b"\x92\x01\xc0",
                              [1, {}, None, "OnError", {"not": "an array"}, []], [3, {}, "9"])
    yield "partial-and-bad-prefix", binary([6]) + b"\x05\x91" + b"\xff\xff\xff\xff\x7f"
    yield "no-handshake", binary([6], [1, {}, None, "OnError", [KINDS["Error"]], []], handshake=b"")


def main():
    json_seeds = ((name, text.encode("utf-8", "surrogatepass")) for name, text in seeds())
    for corpus, generated in (("hub_records", json_seeds), ("msgpack_records", msgpack_seeds())):
        out = CORPUS / corpus
        out.mkdir(parents=True, exist_ok=True)
        for seed, data in generated:
            (out / seed).write_bytes(data)


if __name__ == "__main__":
    main()

// Microsoft's .NET SignalR client (Microsoft.AspNetCore.SignalR.Client) against
// mesolive-hubsim. Usage:
//   DotnetClient <mesolive-hubsim> json|messagepack [--camel-case] [--stateful] [--split-frames N] [--drop-after N]
// Starts the simulator with the flags that apply, then checks what a stock client does
// against it: connects (handshake version 2), pages GetEventsSince with its camelCase
// arguments, subscribes [], [ids] with one refused and null, and receives live callbacks.
// With --stateful and --drop-after (the simulator cuts the TCP connection every N callbacks)
// the client's stateful reconnect resumes the same connection: every event once, in order.
// Prints one line per check; exits 0 when all passed, 1 otherwise.
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: DotnetClient <mesolive-hubsim> json|messagepack [--camel-case] [--stateful] [--split-frames N]");
    return 2;
}
var messagePack = args[1] == "messagepack";
var stateful = args.Contains("--stateful");
const int SeededEvents = 250;

var simulatorArguments = new List<string> { "--port", "0", "--seed-history", SeededEvents.ToString(), "--rate", "20" };
simulatorArguments.AddRange(args.Skip(2).Where(a => a != "--stateful"));
var dropping = args.Contains("--drop-after");
var simulatorStart = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
simulatorArguments.ForEach(simulatorStart.ArgumentList.Add);
using var simulator = Process.Start(simulatorStart) ?? throw new InvalidOperationException("mesolive-hubsim did not start");
// The simulator logs each resume of a stateful connection on stderr.
var resumes = 0;
simulator.ErrorDataReceived += (_, line) =>
{
    if (line.Data?.Contains("resumed; replayed") == true)
        Interlocked.Increment(ref resumes);
};
simulator.BeginErrorReadLine();
var failures = 0;
void Check(bool passed, string what)
{
    Console.WriteLine($"{(passed ? "ok" : "FAIL")}: {what}");
    if (!passed)
        ++failures;
}

try
{
    var hubUrl = await simulator.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("no hub URL from mesolive-hubsim");
    var builder = new HubConnectionBuilder().WithUrl(hubUrl, options => options.Transports = HttpTransportType.WebSockets);
    if (messagePack)
        builder.AddMessagePackProtocol();
    if (stateful)
        builder.WithStatefulReconnect();
    await using var connection = builder.Build();
    var callbacks = 0;
    var liveSeqIds = new List<long>();
    foreach (var name in Contract.Callbacks)
        connection.On<Dictionary<string, object?>>(name, payload =>
        {
            Interlocked.Increment(ref callbacks);
            lock (liveSeqIds)
                liveSeqIds.Add(Contract.SeqIdOfPayload(payload));
        });
    var reconnects = 0;
    connection.Reconnecting += _ => { Interlocked.Increment(ref reconnects); return Task.CompletedTask; };

    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await connection.StartAsync(timeout.Token);
    Check(connection.State == HubConnectionState.Connected, $"connected ({(messagePack ? "messagepack" : "json")}, the client's handshake version)");

    // Paging: Limit 100 bound from "limit" gives pages of 100, and "continuationToken" moves
    // on; a simulator binding case-sensitively returned the first 1000 events every time.
    var seqIds = new List<long>();
    var pages = 0;
    string? token = null;
    do
    {
        var page = await connection.InvokeAsync<HistoryPage>("GetEventsSince",
            new HistoryQuery { SinceEventSeqId = 0, Limit = 100, ContinuationToken = token }, timeout.Token);
        if (pages == 0)
            Check(page.Events.Count == 100, $"the first page holds Limit = 100 events ({page.Events.Count})");
        seqIds.AddRange(page.Events.Select(Contract.SeqIdOf));
        token = page.ContinuationToken;
    } while (!string.IsNullOrEmpty(token) && ++pages < 50);
    var ascending = seqIds.Zip(seqIds.Skip(1)).All(pair => pair.First < pair.Second);
    Check(seqIds.Count >= SeededEvents && ascending && seqIds[0] == 1,
        $"history paged to its end: {seqIds.Count} events in {pages + 1} pages, each EventSeqId once, in order");

    var none = await connection.InvokeAsync<SubscribeResult>("SubscribeToStrategies", new Subscription { Strategies = new List<long>() }, timeout.Token);
    Check(none.SuccessfulStrategies.Count == 0 && none.FailedStrategies.Count == 0, "subscribing [] subscribes nothing");
    var some = await connection.InvokeAsync<SubscribeResult>("SubscribeToStrategies", new Subscription { Strategies = new List<long> { 101, 102, 999 } }, timeout.Token);
    Check(some.SuccessfulStrategies.SequenceEqual(new long[] { 101, 102 }) && some.FailedStrategies.Select(f => f.StrategyId).SequenceEqual(new long[] { 999 }),
        $"subscribing [101,102,999]: 101 and 102, and 999 refused ({string.Join(",", some.SuccessfulStrategies)} / {string.Join(",", some.FailedStrategies.Select(f => f.StrategyId))})");
    var all = await connection.InvokeAsync<SubscribeResult>("SubscribeToStrategies", new Subscription { Strategies = null }, timeout.Token);
    Check(all.SuccessfulStrategies.Count == 10, $"subscribing null subscribes all ten strategies ({all.SuccessfulStrategies.Count})");

    var before = Volatile.Read(ref callbacks);
    var deadline = DateTime.UtcNow.AddSeconds(10);
    while (Volatile.Read(ref callbacks) < before + 5 && DateTime.UtcNow < deadline)
        await Task.Delay(50, timeout.Token);
    Check(Volatile.Read(ref callbacks) >= before + 5, $"live callbacks arrive ({Volatile.Read(ref callbacks)} in all)");
    if (dropping)
    {
        // Subscribed to all: the simulator's events reach us with consecutive EventSeqIds.
        var connectionId = connection.ConnectionId;
        int LiveCount() { lock (liveSeqIds) return liveSeqIds.Count; }
        var start = LiveCount();
        deadline = DateTime.UtcNow.AddSeconds(30);
        while ((LiveCount() < start + 100 || Volatile.Read(ref resumes) < 3) && DateTime.UtcNow < deadline)
            await Task.Delay(50, timeout.Token);
        List<long> received;
        lock (liveSeqIds)
            received = liveSeqIds.Skip(start).ToList();
        var consecutive = received.Zip(received.Skip(1)).All(pair => pair.Second == pair.First + 1);
        Check(Volatile.Read(ref resumes) >= 3 && received.Count >= 100 && consecutive && connection.ConnectionId == connectionId
                  && Volatile.Read(ref reconnects) == 0 && connection.State == HubConnectionState.Connected,
            $"through {Volatile.Read(ref resumes)} drops the connection resumed ({connectionId}, {Volatile.Read(ref reconnects)} reconnects): "
            + $"{received.Count} events, each EventSeqId once, consecutive ({received.FirstOrDefault()}..{received.LastOrDefault()})");
    }
    await connection.StopAsync(timeout.Token);
}
catch (Exception exception)
{
    Check(false, $"{exception.GetType().Name}: {exception.Message}");
}
finally
{
    if (!simulator.HasExited)
        simulator.Kill();
}
return failures == 0 ? 0 : 1;

public sealed class HistoryQuery
{
    public long SinceEventSeqId { get; set; }
    public int Limit { get; set; }
    public string? ContinuationToken { get; set; }
}

public sealed class HistoryPage
{
    // Envelopes: Kind and one property per kind, one of them set.
    public List<Dictionary<string, object?>> Events { get; set; } = new();
    public string? ContinuationToken { get; set; }
}

public sealed class Subscription
{
    public List<long>? Strategies { get; set; }
}

public sealed class StrategyFailure
{
    public long StrategyId { get; set; }
    public string? Reason { get; set; }
}

public sealed class SubscribeResult
{
    public List<long> SuccessfulStrategies { get; set; } = new();
    public List<StrategyFailure> FailedStrategies { get; set; } = new();
}

public static class Contract
{
    public static readonly string[] Callbacks =
    {
        "OnEntrySignal", "OnExitSignal", "OnAdjustmentSignal", "OnOrderUpdate", "OnPositionUpdate", "OnLegUpdate",
        "OnAgentStatusChange", "OnError", "OnPositionEntryPreparationCompleted", "OnPositionEntryPreparationFailed",
        "OnPositionExitPreparationCompleted", "OnPositionExitPreparationFailed", "OnPositionAdjustmentPreparationCompleted",
        "OnPositionAdjustmentPreparationFailed", "OnAutoUpdateVarsAdjustmentStarted", "OnAutoUpdateVarsAdjustmentCompleted",
        "OnAutoUpdateVarsAdjustmentFailed",
    };

    // The EventSeqId of an envelope's event, as System.Text.Json (JsonElement) or
    // MessagePack (a map) hands it over.
    public static long SeqIdOf(Dictionary<string, object?> envelope)
    {
        foreach (var value in envelope.Values)
        {
            switch (value)
            {
                case JsonElement { ValueKind: JsonValueKind.Object } json:
                    foreach (var property in json.EnumerateObject())
                        if (string.Equals(property.Name, "EventSeqId", StringComparison.OrdinalIgnoreCase))
                            return property.Value.GetInt64();
                    break;
                case IDictionary<object, object?> map:
                    foreach (var (key, field) in map)
                        if (key is string name && string.Equals(name, "EventSeqId", StringComparison.OrdinalIgnoreCase))
                            return Convert.ToInt64(field);
                    break;
            }
        }
        throw new InvalidDataException("a history envelope without an event");
    }

    // A callback payload's EventSeqId: a JsonElement (JSON) or an integer (MessagePack).
    public static long SeqIdOfPayload(Dictionary<string, object?> payload)
    {
        foreach (var (name, value) in payload)
            if (string.Equals(name, "EventSeqId", StringComparison.OrdinalIgnoreCase))
                return value is JsonElement json ? json.GetInt64() : Convert.ToInt64(value);
        throw new InvalidDataException("a callback without an EventSeqId");
    }
}

namespace ReferenceHub;

// The Event Hub contract's shapes (../../shared/CONTRACT.md), PascalCase on the wire.

public sealed class StrategiesRequest
{
    // null = all strategies; [] = no-op; [ids] = those the user may access.
    public List<long>? Strategies { get; set; }
}

public sealed class SubscriptionResult
{
    public List<long> SuccessfulStrategies { get; set; } = [];
    public List<long> FailedStrategies { get; set; } = [];
}

public sealed class EventsSinceRequest
{
    public long SinceEventSeqId { get; set; }
    public int Limit { get; set; }
    public string? ContinuationToken { get; set; }
}

public sealed class EventsPage
{
    public List<MesoLiveEventEnvelope> Events { get; set; } = [];
    public string? ContinuationToken { get; set; }
}

// One event. Kind-specific fields are not public; these few stand in for them, with the
// types a .NET server would naturally use (a decimal and an enum included, because their
// encodings differ between the JSON and MessagePack protocols).
public sealed class HubEvent
{
    public string EventId { get; set; } = "";
    public long EventSeqId { get; set; }
    public DateTime EventTime { get; set; }
    public long StrategyId { get; set; }
    public string StrategyName { get; set; } = "";
    public string Message { get; set; } = "";
    public decimal Quantity { get; set; }
    public Severity Severity { get; set; }
}

public enum Severity { Info, Warning, Critical }

// The history envelope: `Kind` plus one property per kind, exactly one of them set.
public sealed class MesoLiveEventEnvelope
{
    public string Kind { get; set; } = "";
    public HubEvent? EntrySignal { get; set; }
    public HubEvent? ExitSignal { get; set; }
    public HubEvent? AdjustmentSignal { get; set; }
    public HubEvent? OrderUpdate { get; set; }
    public HubEvent? PositionUpdate { get; set; }
    public HubEvent? LegUpdate { get; set; }
    public HubEvent? AgentStatusChange { get; set; }
    public HubEvent? Error { get; set; }
    public HubEvent? PositionEntryPreparationCompleted { get; set; }
    public HubEvent? PositionEntryPreparationFailed { get; set; }
    public HubEvent? PositionExitPreparationCompleted { get; set; }
    public HubEvent? PositionExitPreparationFailed { get; set; }
    public HubEvent? PositionAdjustmentPreparationCompleted { get; set; }
    public HubEvent? PositionAdjustmentPreparationFailed { get; set; }
    public HubEvent? AutoUpdateVarsAdjustmentStarted { get; set; }
    public HubEvent? AutoUpdateVarsAdjustmentCompleted { get; set; }
    public HubEvent? AutoUpdateVarsAdjustmentFailed { get; set; }

    public static MesoLiveEventEnvelope For(string kind, HubEvent payload)
    {
        var envelope = new MesoLiveEventEnvelope { Kind = kind };
        var property = typeof(MesoLiveEventEnvelope).GetProperty(kind)
                       ?? throw new ArgumentException($"unknown kind {kind}");
        property.SetValue(envelope, payload);
        return envelope;
    }
}

public static class EventKinds
{
    public static readonly string[] All =
    [
        "EntrySignal", "ExitSignal", "AdjustmentSignal",
        "OrderUpdate", "PositionUpdate", "LegUpdate",
        "AgentStatusChange", "Error",
        "PositionEntryPreparationCompleted", "PositionEntryPreparationFailed",
        "PositionExitPreparationCompleted", "PositionExitPreparationFailed",
        "PositionAdjustmentPreparationCompleted", "PositionAdjustmentPreparationFailed",
        "AutoUpdateVarsAdjustmentStarted", "AutoUpdateVarsAdjustmentCompleted", "AutoUpdateVarsAdjustmentFailed",
    ];
}

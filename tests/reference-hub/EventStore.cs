using System.Text;

namespace ReferenceHub;

// Every event this hub ever produced, in EventSeqId order, plus the "active state" the
// platform pushes to a client right after it connects.
public sealed class EventStore
{
    public const int MaxPageSize = 1000;
    public static readonly long[] AccessibleStrategies = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private readonly object _lock = new();
    private readonly List<(string Kind, HubEvent Event)> _events = [];
    private readonly List<(string Kind, HubEvent Event)> _active = [];
    // Deterministic times (a fixed origin, one second apart) keep runs comparable; the
    // sub-millisecond part exercises the 7-digit fractions .NET writes.
    private static readonly DateTime Origin = new(2026, 1, 5, 14, 30, 0, DateTimeKind.Utc);

    private readonly string _strategyNamePrefix;

    public EventStore(HubSettings settings)
    {
        _strategyNamePrefix = settings.NonAsciiNames ? "Δ-neutral Fly" : "Strategy";
        for (var i = 0; i < settings.SeedHistory; ++i)
            Append(EventKinds.All[i % EventKinds.All.Length], AccessibleStrategies[i % AccessibleStrategies.Length]);
        // Active state: the last entry signal and the last error of the seed, if any.
        foreach (var kind in new[] { "EntrySignal", "Error" })
        {
            var last = _events.LastOrDefault(e => e.Kind == kind);
            if (last.Event is not null)
                _active.Add(last);
        }
    }

    public (string Kind, HubEvent Event) Append(string kind, long strategyId)
    {
        lock (_lock)
        {
            var seq = _events.Count + 1L;
            var item = (kind, new HubEvent
            {
                EventId = $"ref-{seq:D8}",
                EventSeqId = seq,
                EventTime = Origin.AddSeconds(seq).AddTicks(1234567 % TimeSpan.TicksPerSecond),
                StrategyId = strategyId,
                StrategyName = $"{_strategyNamePrefix} {strategyId}",
                Message = $"{kind} #{seq} for strategy {strategyId}",
                Quantity = 1.25m * (seq % 7),
                Severity = (Severity)(seq % 3),
            });
            _events.Add(item);
            return item;
        }
    }

    public long LatestSeqId
    {
        get { lock (_lock) return _events.Count; }
    }

    public List<(string Kind, HubEvent Event)> ActiveState()
    {
        lock (_lock) return [.. _active];
    }

    // Events after `since` (exclusive), at most `limit` (capped), resuming after the
    // opaque token when there is one. The token is null once the caller has caught up.
    public EventsPage Page(long since, int limit, string? token)
    {
        var after = since;
        if (!string.IsNullOrEmpty(token))
            after = DecodeToken(token);
        limit = Math.Clamp(limit, 1, MaxPageSize);
        lock (_lock)
        {
            var page = new EventsPage();
            var start = (int)Math.Clamp(after, 0, _events.Count);
            foreach (var (kind, payload) in _events.Skip(start).Take(limit))
                page.Events.Add(MesoLiveEventEnvelope.For(kind, payload));
            var last = start + page.Events.Count;
            page.ContinuationToken = last < _events.Count ? EncodeToken(last) : null;
            return page;
        }
    }

    private static string EncodeToken(long after) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1+/after={after}"));

    private static long DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("v1+/after=", StringComparison.Ordinal) && long.TryParse(text["v1+/after=".Length..], out var after))
                return after;
        }
        catch (FormatException)
        {
        }
        throw new Microsoft.AspNetCore.SignalR.HubException("The continuation token is not valid.");
    }
}

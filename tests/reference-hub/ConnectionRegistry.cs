using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace ReferenceHub;

// What the hub knows about each live connection: its subscriptions (delivery is by
// strategy membership) and a handle to cut it, for the test controls.
public sealed class ConnectionRegistry
{
    public sealed class Entry(HubCallerContext context)
    {
        public HubCallerContext Context { get; } = context;
        public bool AllStrategies { get; set; }
        public HashSet<long> Strategies { get; } = [];
        public int ConnectCount { get; set; } = 1;
    }

    private readonly ConcurrentDictionary<string, Entry> _connections = new();

    // Set by a test control: the next connection to arrive is refused with this error.
    private string? _rejectNextWith;
    public void RejectNext(string error) => Interlocked.Exchange(ref _rejectNextWith, error);
    public string? TakeRejection() => Interlocked.Exchange(ref _rejectNextWith, null);

    public Entry Add(HubCallerContext context) => _connections[context.ConnectionId] = new Entry(context);
    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);
    public Entry? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);
    public ICollection<string> Ids => _connections.Keys;
    public IEnumerable<Entry> All => _connections.Values;

    public IReadOnlyList<string> Recipients(long strategyId)
    {
        var ids = new List<string>();
        foreach (var (id, entry) in _connections)
        {
            lock (entry)
            {
                if (entry.AllStrategies || entry.Strategies.Contains(strategyId))
                    ids.Add(id);
            }
        }
        return ids;
    }
}

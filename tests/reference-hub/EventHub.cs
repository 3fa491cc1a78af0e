using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ReferenceHub;

// The Event Hub contract's four methods, its callbacks and its delivery by strategy
// membership, on the real ASP.NET Core SignalR server.
[Authorize]
public sealed class EventHub(EventStore store, ConnectionRegistry registry) : Hub
{
    public override async Task OnConnectedAsync()
    {
        // An exception here is how an ASP.NET Core hub refuses a connection after the
        // handshake: the framework sends a Close message carrying the error.
        if (registry.TakeRejection() is { } error)
            throw new HubException(error);
        registry.Add(Context);
        // The platform pushes the active state right after connect, before any subscribe.
        foreach (var (kind, payload) in store.ActiveState())
            await Clients.Caller.SendAsync("On" + kind, payload);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public SubscriptionResult SubscribeToStrategies(StrategiesRequest request) => Change(request, subscribe: true);

    public SubscriptionResult UnsubscribeFromStrategies(StrategiesRequest request) => Change(request, subscribe: false);

    public long GetLatestEventSeqId() => store.LatestSeqId;

    public EventsPage GetEventsSince(EventsSinceRequest request)
    {
        // A plain exception: the server hides its text unless detailed errors are on.
        if (request.Limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(request), "Limit must be positive.");
        return store.Page(request.SinceEventSeqId, request.Limit, request.ContinuationToken);
    }

    private SubscriptionResult Change(StrategiesRequest request, bool subscribe)
    {
        var entry = registry.Find(Context.ConnectionId) ?? throw new HubException("Unknown connection.");
        var result = new SubscriptionResult();
        lock (entry)
        {
            if (request.Strategies is null)
            {
                entry.AllStrategies = subscribe;
                return result;
            }
            foreach (var id in request.Strategies)
            {
                if (!EventStore.AccessibleStrategies.Contains(id))
                {
                    result.FailedStrategies.Add(id);
                    continue;
                }
                if (subscribe)
                    entry.Strategies.Add(id);
                else
                    entry.Strategies.Remove(id);
                result.SuccessfulStrategies.Add(id);
            }
        }
        return result;
    }
}

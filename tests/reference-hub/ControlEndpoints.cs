using Microsoft.AspNetCore.SignalR;

namespace ReferenceHub;

// Test controls over plain HTTP on the same loopback port (no key: the process only ever
// listens on 127.0.0.1 and lives for one test run).
public static class ControlEndpoints
{
    public static void Map(WebApplication app)
    {
        var control = app.MapGroup("/control");

        // Produces `count` events of `kind` ("all" = one of each of the 17 kinds) for a
        // strategy, stores them and delivers them to the subscribed connections.
        control.MapPost("/emit", async (string kind, long strategy, int? count, EventStore store,
                                        ConnectionRegistry registry, IHubContext<EventHub> hub) =>
        {
            var kinds = kind == "all" ? EventKinds.All : [kind];
            if (kinds.Any(k => !EventKinds.All.Contains(k)))
                return Results.BadRequest($"unknown kind {kind}");
            long first = 0, last = 0;
            for (var i = 0; i < (count ?? 1); ++i)
            {
                foreach (var k in kinds)
                {
                    var (eventKind, payload) = store.Append(k, strategy);
                    first = first == 0 ? payload.EventSeqId : first;
                    last = payload.EventSeqId;
                    await hub.Clients.Clients(registry.Recipients(strategy)).SendAsync("On" + eventKind, payload);
                }
            }
            return Results.Json(new { first, last });
        });

        control.MapGet("/connections", (ConnectionRegistry registry) => Results.Json(registry.Ids));

        // Cuts the connection's current transport (its TCP connection), as a network
        // failure does. With stateful reconnect the SignalR connection survives it.
        control.MapPost("/drop", (string id, ConnectionRegistry registry) =>
        {
            var entry = registry.Find(id);
            var http = entry?.Context.GetHttpContext();
            if (http is null)
                return Results.NotFound();
            http.Abort();
            return Results.Ok();
        });

        // Ends the SignalR connection from the server (HubCallerContext.Abort).
        control.MapPost("/abort", (string id, ConnectionRegistry registry) =>
        {
            var entry = registry.Find(id);
            if (entry is null)
                return Results.NotFound();
            entry.Context.Abort();
            return Results.Ok();
        });

        // Drops the connection's transport and answers its attempt to resume with `status`
        // (404 or 409), forgetting it (ResumeRefusal).
        control.MapPost("/refuse-resume", (string id, int status, ConnectionRegistry registry, ResumeRefusal refusal) =>
        {
            var http = registry.Find(id)?.Context.GetHttpContext();
            if (http is null)
                return Results.NotFound();
            refusal.Arm(id, status);
            http.Abort();
            return Results.Ok();
        });

        // The next connection is closed by the server with this error right after its
        // handshake.
        control.MapPost("/reject-next", (string error, ConnectionRegistry registry) =>
        {
            registry.RejectNext(error);
            return Results.Ok();
        });
    }
}

using System.Collections.Concurrent;

namespace ReferenceHub;

// A server that forgot a stateful connection (restarted, or past its disconnect timeout)
// answers the client's attempt to reopen it with 404, or 409 when it still sees another
// transport: /control/refuse-resume arms this middleware for one connection, drops that
// connection's transport, and the WebSocket request that tries to resume it is answered
// with the status while the server forgets the connection for real (its context aborted).
public sealed class ResumeRefusal(ConnectionRegistry registry)
{
    // A resume is a WebSocket request for a connection token seen before. By its Upgrade
    // header: HttpContext.WebSockets only knows one inside SignalR's own pipeline.
    private readonly ConcurrentDictionary<string, bool> _tokensSeen = new();
    private (string ConnectionId, int Status)? _armed;

    public void Arm(string connectionId, int status) => _armed = (connectionId, status);

    public async Task Invoke(HttpContext context, Func<Task> next)
    {
        var token = context.Request.Query["id"].ToString();
        var isWebSocket = string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);
        if (token.Length == 0 || !isWebSocket || _tokensSeen.TryAdd(token, true) || _armed is not { } armed)
        {
            await next();
            return;
        }
        _armed = null;
        registry.Find(armed.ConnectionId)?.Context.Abort();
        context.Response.StatusCode = armed.Status;
    }
}

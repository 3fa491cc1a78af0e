using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;

namespace ReferenceHub;

// --split-frames N: every WebSocket message the hub writes goes out in frames of at most N
// bytes, cut wherever the bytes fall, inside a UTF-8 character too. RFC 6455 allows it, and
// the framework does it by itself with a message larger than its buffer segments (4 KB); N
// small makes every message meet it. The framework's own WebSocket does the framing: this
// only hands it the bytes in pieces, each with endOfMessage false but the last.
public static class SplitFrames
{
    // Installs the framework's WebSocket feature early (the hub's endpoint installs it only
    // where none is set) and wraps it.
    public static void Use(WebApplication app, int frameSize)
    {
        app.UseWebSockets();
        app.Use((context, next) =>
        {
            var feature = context.Features.Get<IHttpWebSocketFeature>();
            if (feature is not null)
                context.Features.Set<IHttpWebSocketFeature>(new SplittingFeature(feature, frameSize));
            return next(context);
        });
    }

    private sealed class SplittingFeature(IHttpWebSocketFeature inner, int frameSize) : IHttpWebSocketFeature
    {
        public bool IsWebSocketRequest => inner.IsWebSocketRequest;

        public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context) =>
            new SplittingWebSocket(await inner.AcceptAsync(context), frameSize);
    }

    private sealed class SplittingWebSocket(WebSocket inner, int frameSize) : WebSocket
    {
        public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
        public override string? CloseStatusDescription => inner.CloseStatusDescription;
        public override WebSocketState State => inner.State;
        public override string? SubProtocol => inner.SubProtocol;

        public override void Abort() => inner.Abort();
        public override void Dispose() => inner.Dispose();

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(buffer, cancellationToken);

        public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(buffer, cancellationToken);

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            SendInFrames(buffer, messageType, endOfMessage, cancellationToken).AsTask();

        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            SendInFrames(buffer, messageType, endOfMessage, cancellationToken);

        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
            SendInFrames(buffer, messageType, messageFlags.HasFlag(WebSocketMessageFlags.EndOfMessage), cancellationToken);

        private async ValueTask SendInFrames(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            // A close frame or an empty final frame goes as it is.
            if (buffer.Length <= frameSize)
            {
                await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
                return;
            }
            for (var offset = 0; offset < buffer.Length; offset += frameSize)
            {
                var length = Math.Min(frameSize, buffer.Length - offset);
                var last = offset + length == buffer.Length;
                await inner.SendAsync(buffer.Slice(offset, length), messageType, endOfMessage && last, cancellationToken);
            }
        }
    }
}

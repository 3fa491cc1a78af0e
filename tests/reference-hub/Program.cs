using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ReferenceHub;

// The reference Event Hub. Prints "READY <url>" on stdout once it listens.
//   dotnet ReferenceHub.dll --port 0 [--api-key KEY] [--messagepack] [--stateful-reconnect]
//                           [--camel-case] [--seed-history N] [--detailed-errors]
//                           [--split-frames N] [--non-ascii-names] [--no-websockets]
//                           [--exit-on-stdin-eof]
var settings = HubSettings.Parse(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
// Logs go to stderr: stdout carries only the READY line the tests wait for.
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    // Its keys live for this process only: the unencrypted-key warning is noise here.
    .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<EventStore>();
builder.Services.AddSingleton<ConnectionRegistry>();
builder.Services.AddSingleton<ResumeRefusal>();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();

// The framework's defaults for keepalive (15 s), client timeout (30 s), handshake timeout
// (15 s) and maximum receive size (32 KB) are left alone on purpose.
var signalR = builder.Services.AddSignalR(options => options.EnableDetailedErrors = settings.DetailedErrors);
// The contract is PascalCase; System.Text.Json's hub default, kept with --camel-case, is
// camelCase (a stock hub's).
if (!settings.CamelCase)
    signalR.AddJsonProtocol(options => options.PayloadSerializerOptions.PropertyNamingPolicy = null);
if (settings.MessagePack)
    signalR.AddMessagePackProtocol();

var app = builder.Build();
app.Use((context, next) => context.RequestServices.GetRequiredService<ResumeRefusal>().Invoke(context, next));
if (settings.SplitFrames > 0)
    SplitFrames.Use(app, settings.SplitFrames);
app.UseAuthentication();
app.UseAuthorization();
// Every transport, as a stock MapHub offers them (WebSockets, Server-Sent Events, long
// polling), or without WebSockets.
app.MapHub<EventHub>(settings.HubPath, options =>
{
    options.AllowStatefulReconnects = settings.StatefulReconnect;
    if (settings.NoWebSockets)
        options.Transports &= ~Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
});
ControlEndpoints.Map(app);

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"READY {address}");
Console.Out.Flush();

if (settings.ExitOnStdinEof)
{
    _ = Task.Run(async () =>
    {
        await Console.In.ReadToEndAsync();
        app.Lifetime.StopApplication();
    });
}
await app.WaitForShutdownAsync();

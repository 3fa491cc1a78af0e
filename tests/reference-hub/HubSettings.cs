namespace ReferenceHub;

// Command line of the reference hub. Everything the conformance suite varies per run.
public sealed class HubSettings
{
    public int Port { get; private set; }
    public string ApiKey { get; private set; } = "reference-key";
    public string HubPath { get; private set; } = "/hubs/events";
    public int SeedHistory { get; private set; } = 2500;
    public bool MessagePack { get; private set; }
    public bool StatefulReconnect { get; private set; }
    // Stock ASP.NET Core's JSON casing (camelCase) instead of the contract's PascalCase.
    public bool CamelCase { get; private set; }
    // WebSocket frames of at most this many bytes (0: the framework's own framing).
    public int SplitFrames { get; private set; }
    // Strategy names with a character outside ASCII ("Δ-neutral Fly 3"), which a split frame
    // may cut in two.
    public bool NonAsciiNames { get; private set; }
    // The hub maps Server-Sent Events (with long polling, which our client does not speak)
    // and no WebSockets, as a server behind a proxy that refuses upgrades is configured.
    public bool NoWebSockets { get; private set; }
    // Off in production servers; on here so that a Close caused by an exception names it.
    public bool DetailedErrors { get; private set; }
    // Ends the process when its standard input closes, so that a crashed test leaves no
    // server behind.
    public bool ExitOnStdinEof { get; private set; }

    public static HubSettings Parse(string[] args)
    {
        var settings = new HubSettings();
        for (var i = 0; i < args.Length; ++i)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port": settings.Port = int.Parse(Next()); break;
                case "--api-key": settings.ApiKey = Next(); break;
                case "--hub-path": settings.HubPath = Next(); break;
                case "--seed-history": settings.SeedHistory = int.Parse(Next()); break;
                case "--messagepack": settings.MessagePack = true; break;
                case "--stateful-reconnect": settings.StatefulReconnect = true; break;
                case "--camel-case": settings.CamelCase = true; break;
                case "--split-frames": settings.SplitFrames = int.Parse(Next()); break;
                case "--non-ascii-names": settings.NonAsciiNames = true; break;
                case "--no-websockets": settings.NoWebSockets = true; break;
                case "--detailed-errors": settings.DetailedErrors = true; break;
                case "--exit-on-stdin-eof": settings.ExitOnStdinEof = true; break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        return settings;
    }
}

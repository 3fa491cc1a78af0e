#pragma once

#include "signalr/ConnectionError.h"

namespace cli {

// The documented exit codes of mesolive-events, for scripts.
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,          // anything else (a file that cannot be written, ...)
    ExitUsage = 2,            // bad arguments
    ExitAuthentication = 3,   // the API key (or the proxy's credentials) was refused
    ExitUnreachable = 4,      // DNS, TCP, TLS, proxy or timeout before a connection was made
    ExitProtocolOrServer = 5, // the server answered with an error or broke the protocol
    ExitInterrupted = 130,    // Ctrl-C (128 + SIGINT, as shells report it) where it cuts a result short
};

inline ExitCode exitCodeFor(const signalr::ConnectionError &error)
{
    using Kind = signalr::ConnectionError::Kind;
    switch (error.kind) {
    case Kind::None:
    case Kind::Stopped: return ExitOk;
    case Kind::Unauthorized:
    case Kind::ProxyUnauthorized: return ExitAuthentication;
    case Kind::HostNotFound:
    case Kind::ConnectionRefused:
    case Kind::Proxy:
    case Kind::Tls:
    case Kind::Timeout:
    case Kind::ConnectionLost: return ExitUnreachable;
    case Kind::Http:
    case Kind::NegotiateRejected:
    case Kind::Handshake:
    case Kind::Protocol:
    case Kind::UnsafeDestination:
    case Kind::ServerClosed:
    case Kind::UnreadableText: return ExitProtocolOrServer;
    }
    return ExitFailure;
}

} // namespace cli

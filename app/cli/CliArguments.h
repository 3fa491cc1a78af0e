#pragma once

#include "eventhub/EventHubSettings.h"
#include "eventhub/EventKind.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace cli {

// What the command line asked for, validated. Parsing never exits the process: the
// caller prints `message` and picks the exit code.
struct CliArguments
{
    enum class Command { Dump, History, Latest };
    enum class Format { Jsonl, Text };

    Command command = Command::Dump;
    eventhub::EventHubSettings settings;
    // One of signalr::hubProtocolChoices(): "auto" (default), "json" or "messagepack".
    QString protocol = QStringLiteral("auto");

    // dump
    QList<qint64> strategyIds; // empty = all strategies
    std::optional<double> seconds;
    std::optional<qint64> since;
    Format format = Format::Jsonl;
    // Keep every event in the local store and resume from its cursor.
    bool useStore = false;
    QString storeFile; // empty = the default per instance and key
    // history
    std::optional<qint64> limit;
    QString outPath; // empty = stdout (JSONL)
    QList<eventhub::EventKind> kinds; // only these (and a CSV with their fields' columns); empty = all

    bool helpRequested = false;
    bool versionRequested = false;
    QString message; // help text, version, or what is wrong
    QStringList warnings; // for stderr, when the arguments are usable but risky

    // Returns false with `message` set when the arguments are unusable.
    bool parse(const QStringList &arguments);

private:
    // --proxy, --proxy-credentials-file, --no-proxy and --ca-file into `settings`.
    bool parseNetwork(const QCommandLineParser &parser);
};

} // namespace cli

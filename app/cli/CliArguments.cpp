#include "CliArguments.h"

#include "mesolive/version.h"
#include "signalr/CredentialScope.h"
#include "signalr/HubProtocols.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileDevice>
#include <QTextStream>

#include <algorithm>

namespace cli {

namespace {

const char *const Overview = "Usage: mesolive-events <command> [options]\n"
                             "\n"
                             "Reads the MesoLive Event Hub from scripts.\n"
                             "\n"
                             "Commands:\n"
                             "  dump      Print live events, one per line, until --seconds pass or Ctrl-C.\n"
                             "  history   Page the event history (GetEventsSince) to stdout or a file.\n"
                             "  latest    Print the latest EventSeqId.\n"
                             "\n"
                             "Connection (overrides MESOLIVE_INSTANCE / MESOLIVE_API_KEY):\n"
                             "  --instance URL       https://host[:port] of the MesoLive instance\n"
                             "  --hub-path PATH      the Event Hub's path (default /hubs/events)\n"
                             "  --api-key KEY        the API key (prefer --api-key-file: arguments are visible to others)\n"
                             "  --api-key-file FILE  read the API key from FILE, or from stdin when FILE is -\n"
                             "  --protocol NAME      the SignalR hub protocol: auto (default: messagepack where the hub\n"
                             "                       speaks it, json where it does not), json or messagepack\n"
                             "  --allow-insecure-http  allow an http:// instance that is not this machine (the key\n"
                             "                       then crosses the network unencrypted)\n"
                             "  --no-stateful        do not ask for stateful reconnect (resuming a dropped WebSocket)\n"
                             "  --proxy URL          go through this proxy: http://[user:password@]host:port (CONNECT)\n"
                             "                       or socks5://host:port (default: the system's, as https_proxy says)\n"
                             "  --proxy-credentials-file FILE  the proxy's user:password, from FILE (- = stdin)\n"
                             "  --no-proxy           connect directly, whatever the system's proxy settings say\n"
                             "  --ca-file FILE       also trust the PEM certificates in FILE (a company's root)\n"
                             "\n"
                             "Exit codes: 0 ok, 2 usage, 3 authentication (the key or the proxy's credentials),\n"
                             "4 unreachable (hub or proxy), 5 protocol or server error,\n"
                             "1 anything else.\n"
                             "\n"
                             "Run 'mesolive-events <command> --help' for the command's options.\n";

// A kind by the hub's name ("OrderUpdate", in any case) or as the app and the CSV name it
// ("Order", "Entry prep failed"); nothing for any other name.
std::optional<eventhub::EventKind> kindNamed(const QString &name)
{
    const eventhub::EventKind kind = eventhub::kindFromName(name);
    if (kind != eventhub::EventKind::Unknown)
        return kind;
    for (const eventhub::EventKind known : eventhub::allEventKinds()) {
        if (eventhub::kindDisplayName(known).compare(name, Qt::CaseInsensitive) == 0)
            return known;
    }
    return std::nullopt;
}

// Like ssh with a private key: a secret's file that other users can read is worth a word.
QString secretFileWarning(const QString &what, const QString &path)
{
#ifdef Q_OS_UNIX
    const QFileDevice::Permissions open =
        QFile::permissions(path)
        & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther);
    if (open)
        return QStringLiteral("warning: the %1 file %2 can be read or changed by other users; "
                              "restrict it with: chmod 600 %2")
            .arg(what, path);
#else
    Q_UNUSED(what)
    Q_UNUSED(path)
#endif
    return {};
}

// The first line of `path` (stdin for "-"), with a warning when others can read the file.
bool readSecretLine(const QString &what, const QString &path, QString &line, QString &message, QStringList &warnings)
{
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        message = QStringLiteral("Cannot read the %1 file %2: %3").arg(what, path, file.errorString());
        return false;
    }
    line = QString::fromUtf8(file.readLine()).trimmed();
    if (path != QLatin1String("-")) {
        if (const QString warning = secretFileWarning(what, path); !warning.isEmpty())
            warnings.append(warning);
    }
    return true;
}

bool parseInteger(const QString &text, qint64 minimum, qint64 &value)
{
    bool ok = false;
    value = text.toLongLong(&ok);
    return ok && value >= minimum;
}

} // namespace

bool CliArguments::parseNetwork(const QCommandLineParser &parser)
{
    // Options every command defines, so the parser can be asked about them by name.
    const QString proxyOption = QStringLiteral("proxy");
    const QString credentialsOption = QStringLiteral("proxy-credentials-file");
    const QString caOption = QStringLiteral("ca-file");
    const bool proxyGiven = parser.isSet(proxyOption);
    const bool noProxyGiven = parser.isSet(QStringLiteral("no-proxy"));
    if (proxyGiven && noProxyGiven) {
        message = QStringLiteral("--proxy and --no-proxy contradict each other.");
        return false;
    }
    if (noProxyGiven)
        settings.proxy = signalr::ProxySettings::none();
    if (proxyGiven) {
        QString problem;
        const auto proxy = signalr::ProxySettings::parseUrl(parser.value(proxyOption), &problem);
        if (!proxy) {
            message = QStringLiteral("--proxy: %1").arg(problem);
            return false;
        }
        settings.proxy = signalr::ProxySettings::explicitProxy(*proxy);
        if (!proxy->password().isEmpty())
            warnings.append(QStringLiteral("warning: a password in --proxy is visible to other users of this machine; "
                                           "prefer --proxy-credentials-file"));
    }
    if (parser.isSet(credentialsOption)) {
        if (!proxyGiven) {
            message = QStringLiteral("--proxy-credentials-file needs --proxy (the system's proxy takes its credentials "
                                     "from its own settings, such as https_proxy=http://user:password@host:port).");
            return false;
        }
        QString line;
        if (!readSecretLine(QStringLiteral("proxy credentials"), parser.value(credentialsOption), line, message, warnings))
            return false;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            message = QStringLiteral("The proxy credentials file must hold user:password on its first line.");
            return false;
        }
        settings.proxy.proxy.setUser(line.left(colon));
        settings.proxy.proxy.setPassword(line.mid(colon + 1));
    }
    if (parser.isSet(caOption)) {
        QString problem;
        if (!settings.readCaFile(parser.value(caOption), problem)) {
            message = QStringLiteral("--ca-file: %1").arg(problem);
            return false;
        }
    }
    return true;
}

bool CliArguments::parse(const QStringList &arguments)
{
    const QString commandName = arguments.value(1);
    if (commandName.isEmpty() || commandName == QLatin1String("--help") || commandName == QLatin1String("-h")) {
        helpRequested = true;
        message = QString::fromLatin1(Overview);
        return !commandName.isEmpty();
    }
    if (commandName == QLatin1String("--version")) {
        versionRequested = true;
        message = QStringLiteral("mesolive-events %1").arg(QLatin1String(MESOLIVE_VERSION));
        return true;
    }
    if (commandName == QLatin1String("dump"))
        command = Command::Dump;
    else if (commandName == QLatin1String("history"))
        command = Command::History;
    else if (commandName == QLatin1String("latest"))
        command = Command::Latest;
    else {
        message = QStringLiteral("Unknown command '%1'.\n\n%2").arg(commandName, QLatin1String(Overview));
        return false;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("mesolive-events %1").arg(commandName));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption instance(QStringLiteral("instance"), QStringLiteral("https://host[:port] of the instance."),
                                      QStringLiteral("URL"));
    const QCommandLineOption hubPath(
        QStringLiteral("hub-path"),
        QStringLiteral("The Event Hub's path (default %1).").arg(QLatin1String(eventhub::EventHubSettings::DefaultHubPath)),
        QStringLiteral("PATH"));
    const QCommandLineOption apiKey(QStringLiteral("api-key"), QStringLiteral("The API key."), QStringLiteral("KEY"));
    const QCommandLineOption apiKeyFile(QStringLiteral("api-key-file"), QStringLiteral("Read the API key from FILE (- = stdin)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption insecureHttp(
        QStringLiteral("allow-insecure-http"),
        QStringLiteral("Allow an http:// instance that is not this machine: the key then crosses the network unencrypted."));
    const QCommandLineOption proxyOption(
        QStringLiteral("proxy"),
        QStringLiteral("Go through this proxy: http://[user:password@]host:port (CONNECT) or socks5://host:port."),
        QStringLiteral("URL"));
    const QCommandLineOption proxyCredentialsFile(QStringLiteral("proxy-credentials-file"),
                                                  QStringLiteral("Read the proxy's user:password from FILE (- = stdin)."),
                                                  QStringLiteral("FILE"));
    const QCommandLineOption noProxy(QStringLiteral("no-proxy"),
                                     QStringLiteral("Connect directly, whatever the system's proxy settings say."));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("Also trust the PEM certificates in FILE (a company's root certificate)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption protocolOption(QStringLiteral("protocol"),
                                            QStringLiteral("The SignalR hub protocol: auto (default), json or messagepack."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption noStateful(QStringLiteral("no-stateful"),
                                        QStringLiteral("Do not ask for stateful reconnect: a dropped WebSocket makes a new "
                                                       "connection, and the events missed are replayed."));
    const QCommandLineOption strategy(QStringLiteral("strategy-id"),
                                      QStringLiteral("Subscribe to this strategy (repeatable; default: all)."),
                                      QStringLiteral("N"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Stop after S seconds (default: until Ctrl-C)."), QStringLiteral("S"));
    const QCommandLineOption sinceOption(QStringLiteral("since"), QStringLiteral("Start after this EventSeqId."),
                                         QStringLiteral("SEQ"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QStringLiteral("jsonl (default) or text."),
                                          QStringLiteral("FORMAT"));
    const QCommandLineOption storeOption(QStringLiteral("store"),
                                         QStringLiteral("Keep every event in the local store and start after its cursor, so that "
                                                        "a restarted dump resumes where the last one stopped."));
    const QCommandLineOption storeFileOption(QStringLiteral("store-file"),
                                             QStringLiteral("Use this store file (implies --store)."), QStringLiteral("FILE"));
    const QCommandLineOption limitOption(QStringLiteral("limit"), QStringLiteral("At most N events."), QStringLiteral("N"));
    const QCommandLineOption outOption(
        QStringLiteral("out"), QStringLiteral("Write to FILE.csv or FILE.jsonl instead of stdout."), QStringLiteral("FILE"));
    const QCommandLineOption kindOption(
        QStringLiteral("kind"),
        QStringLiteral("Only events of these kinds (comma-separated, repeatable): the hub's names (OrderUpdate, Error) or the "
                       "app's (Order); a CSV then has only their fields' columns."),
        QStringLiteral("K[,K...]"));

    parser.addOptions({help, instance, hubPath, apiKey, apiKeyFile, protocolOption, insecureHttp, noStateful, proxyOption,
                       proxyCredentialsFile, noProxy, caFile});
    if (command == Command::Dump)
        parser.addOptions({strategy, secondsOption, sinceOption, formatOption, storeOption, storeFileOption});
    if (command == Command::History)
        parser.addOptions({sinceOption, limitOption, outOption, kindOption});

    QStringList withoutCommand = arguments;
    withoutCommand.removeAt(1);
    if (!parser.parse(withoutCommand)) {
        message = parser.errorText() + QStringLiteral("\nRun 'mesolive-events %1 --help' for its options.").arg(commandName);
        return false;
    }
    // Asking the parser about an option this command does not define makes it warn.
    const QStringList givenNames = parser.optionNames();
    const auto given = [&givenNames](const QCommandLineOption &option) {
        const QStringList names = option.names();
        return std::any_of(names.begin(), names.end(), [&](const QString &name) { return givenNames.contains(name); });
    };
    if (given(help)) {
        helpRequested = true;
        message = parser.helpText().replace(QLatin1String("[options]"), commandName + QLatin1String(" [options]"));
        return true;
    }
    if (!parser.positionalArguments().isEmpty()) {
        message = QStringLiteral("Unexpected argument '%1'.").arg(parser.positionalArguments().constFirst());
        return false;
    }

    settings = eventhub::EventHubSettings::fromEnvironment();
    if (given(instance)) {
        settings.instanceUrl = eventhub::EventHubSettings::parseInstance(parser.value(instance));
        if (!settings.instanceUrl.isValid()) {
            message = QStringLiteral("--instance must be an http(s) URL such as https://example.com:443.");
            return false;
        }
    }
    if (given(hubPath))
        settings.hubPath = parser.value(hubPath);
    if (given(apiKey))
        settings.apiKey = parser.value(apiKey);
    if (given(apiKeyFile)
        && !readSecretLine(QStringLiteral("API key"), parser.value(apiKeyFile), settings.apiKey, message, warnings))
        return false;
    if (!parseNetwork(parser))
        return false;
    if (given(protocolOption)) {
        protocol = parser.value(protocolOption);
        if (!signalr::hubProtocolChoices().contains(protocol)) {
            message = QStringLiteral("--protocol is %1, not '%2'.")
                          .arg(signalr::hubProtocolChoices().join(QStringLiteral(", ")), protocol);
            return false;
        }
    }
    settings.statefulReconnect = !given(noStateful);
    if (!settings.isComplete()) {
        message = QStringLiteral("No instance: set MESOLIVE_INSTANCE or pass --instance URL.");
        return false;
    }

    for (const QString &text : given(strategy) ? parser.values(strategy) : QStringList()) {
        qint64 id = 0;
        if (!parseInteger(text, 0, id)) {
            message = QStringLiteral("--strategy-id takes a whole number, not '%1'.").arg(text);
            return false;
        }
        strategyIds.append(id);
    }
    if (given(secondsOption)) {
        bool ok = false;
        seconds = parser.value(secondsOption).toDouble(&ok);
        // A QTimer counts milliseconds in an int: about 24.8 days at most.
        constexpr double MaxSeconds = 2147483.0;
        if (!ok || !(*seconds > 0) || *seconds > MaxSeconds) {
            message = QStringLiteral("--seconds takes a number of seconds above 0 and at most %1 (24.8 days), not '%2'.")
                          .arg(qint64(MaxSeconds))
                          .arg(parser.value(secondsOption));
            return false;
        }
    }
    if (given(sinceOption)) {
        qint64 value = 0;
        if (!parseInteger(parser.value(sinceOption), 0, value)) {
            message = QStringLiteral("--since takes an EventSeqId (0 or more), not '%1'.").arg(parser.value(sinceOption));
            return false;
        }
        since = value;
    }
    if (given(formatOption)) {
        const QString value = parser.value(formatOption);
        if (value == QLatin1String("jsonl"))
            format = Format::Jsonl;
        else if (value == QLatin1String("text"))
            format = Format::Text;
        else {
            message = QStringLiteral("--format is jsonl or text, not '%1'.").arg(value);
            return false;
        }
    }
    useStore = given(storeOption) || given(storeFileOption);
    if (given(storeFileOption))
        storeFile = parser.value(storeFileOption);
    if (given(limitOption)) {
        qint64 value = 0;
        if (!parseInteger(parser.value(limitOption), 1, value)) {
            message = QStringLiteral("--limit takes a positive number, not '%1'.").arg(parser.value(limitOption));
            return false;
        }
        limit = value;
    }
    for (const QString &value : given(kindOption) ? parser.values(kindOption) : QStringList()) {
        for (const QString &name : value.split(QLatin1Char(','))) {
            const std::optional<eventhub::EventKind> kind = kindNamed(name.trimmed());
            if (!kind) {
                QStringList names;
                for (const eventhub::EventKind known : eventhub::allEventKinds())
                    names += eventhub::kindName(known);
                message = QStringLiteral("--kind: '%1' is not an event kind. The kinds: %2 (or as the app names them: "
                                         "Order, Entry signal, ...).")
                              .arg(name.trimmed(), names.join(QStringLiteral(", ")));
                return false;
            }
            if (!kinds.contains(*kind))
                kinds.append(*kind);
        }
    }
    if (given(outOption)) {
        outPath = parser.value(outOption);
        if (!outPath.endsWith(QLatin1String(".csv")) && !outPath.endsWith(QLatin1String(".jsonl"))) {
            message = QStringLiteral("--out must name a .csv or .jsonl file.");
            return false;
        }
    }
    settings.allowInsecureHttp = given(insecureHttp);
    if (signalr::CredentialScope::checkCleartext(settings.instanceUrl, settings.allowInsecureHttp)) {
        message = QStringLiteral("%1 is unencrypted http:// to another machine: the API key would cross the network "
                                 "in clear text. Use https://, or pass --allow-insecure-http if you accept that.")
                      .arg(settings.instanceUrl.toString());
        return false;
    }
    return true;
}

} // namespace cli

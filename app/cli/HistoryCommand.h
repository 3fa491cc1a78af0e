#pragma once

#include "HubCommand.h"

#include <QFile>
#include <QSaveFile>

#include <memory>

namespace eventhub {
class HistoryReplay;
}
namespace exporting {
class CsvEventWriter;
}

namespace cli {

// mesolive-events history: pages GetEventsSince from --since (up to --limit events, of the
// --kind kinds) to stdout as JSONL, or to a .csv or .jsonl file. A file is written whole or not at all: it
// goes to a temporary file beside it, renamed over the old one only when complete, so an
// interrupted or failed command leaves the old file as it was (and exits non-zero).
class HistoryCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit HistoryCommand(const CliArguments &arguments, QObject *parent = nullptr);
    ~HistoryCommand() override;
    // Ctrl-C cuts the history short: nothing is written, exit 130.
    void interrupt() override;

protected:
    void onConnected() override;

private:
    void settle(ExitCode &code, QString &message) override;
    bool openOutput();
    bool writePage(const QList<eventhub::Event> &events);

    QFile m_stdout;
    QSaveFile m_file;
    QIODevice *m_output = nullptr;
    std::unique_ptr<exporting::CsvEventWriter> m_csv;
    eventhub::HistoryReplay *m_replay = nullptr;
    qint64 m_written = 0;
    // The connection is coming straight back over Server-Sent Events (the WebSocket could
    // not read a page): the replay goes on from its cursor then, instead of failing.
    bool m_continueAfterSwitch = false;
};

} // namespace cli

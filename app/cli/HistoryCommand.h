#pragma once

#include "HubCommand.h"

#include <QFile>

#include <memory>

namespace eventhub {
class HistoryReplay;
}
namespace exporting {
class CsvEventWriter;
}

// mesolive-events history: pages GetEventsSince from --since (up to --limit events) to
// stdout as JSONL, or to a .csv or .jsonl file.
class HistoryCommand final : public HubCommand
{
    Q_OBJECT

public:
    explicit HistoryCommand(const CliArguments &arguments, QObject *parent = nullptr);
    ~HistoryCommand() override;

protected:
    void onConnected() override;

private:
    bool openOutput();
    bool writePage(const QList<eventhub::Event> &events);

    QFile m_output;
    std::unique_ptr<exporting::CsvEventWriter> m_csv;
    eventhub::HistoryReplay *m_replay = nullptr;
    qint64 m_written = 0;
};

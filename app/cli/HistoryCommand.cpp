#include "HistoryCommand.h"

#include "EventLineFormat.h"
#include "eventhub/HistoryReplay.h"
#include "exporting/CsvEventWriter.h"


#include <cstdio>

namespace cli {

HistoryCommand::HistoryCommand(const CliArguments &arguments, QObject *parent)
    : HubCommand(arguments, parent)
{
    connect(&m_client.connection(), &signalr::HubConnection::transportSwitched, this,
            [this] { m_continueAfterSwitch = m_replay != nullptr; });
}

HistoryCommand::~HistoryCommand() = default;

bool HistoryCommand::openOutput()
{
    if (m_arguments.outPath.isEmpty()) {
        m_output = &m_stdout;
        return m_stdout.open(stdout, QIODevice::WriteOnly);
    }
    m_output = &m_file;
    m_file.setFileName(m_arguments.outPath);
    if (!m_file.open(QIODevice::WriteOnly))
        return false;
    if (m_arguments.outPath.endsWith(QLatin1String(".csv"))) {
        m_csv = std::make_unique<exporting::CsvEventWriter>(m_file, m_arguments.kinds);
        return m_csv->writeHeader();
    }
    return true;
}

void HistoryCommand::interrupt()
{
    if (m_replay)
        m_replay->cancel();
    finish(ExitInterrupted, m_arguments.outPath.isEmpty()
                                ? QStringLiteral("interrupted")
                                : QStringLiteral("interrupted: %1 was left as it was").arg(m_arguments.outPath));
}

void HistoryCommand::settle(ExitCode &code, QString &message)
{
    if (!m_output)
        return;
    if (code != ExitOk) {
        m_file.cancelWriting(); // the temporary file goes, the old file stays
        return;
    }
    const bool written = m_output == &m_file ? m_file.commit() : m_stdout.flush();
    if (!written) {
        code = ExitFailure;
        message = QStringLiteral("Writing the history failed: %1").arg(m_output->errorString());
    }
}

void HistoryCommand::onConnected()
{
    qint64 from = m_arguments.since.value_or(0);
    if (m_replay) {
        if (!std::exchange(m_continueAfterSwitch, false))
            return; // a reconnect in the middle: the replay's own calls fail and end the command
        from = m_replay->cursor();
        m_replay->cancel();
        m_replay->deleteLater();
    } else if (!openOutput()) {
        finish(ExitFailure, QStringLiteral("Cannot write %1: %2").arg(m_arguments.outPath, m_output->errorString()));
        return;
    }
    m_replay = new eventhub::HistoryReplay(m_client, from, this);
    connect(m_replay, &eventhub::HistoryReplay::pageReceived, this, [this](const QList<eventhub::Event> &events) {
        if (!writePage(events))
            return;
        if (m_arguments.limit && m_written >= *m_arguments.limit) {
            m_replay->cancel();
            finish(ExitOk);
        }
    });
    connect(m_replay, &eventhub::HistoryReplay::finished, this, [this] { finish(ExitOk); });
    connect(m_replay, &eventhub::HistoryReplay::failed, this, [this](const QString &error) {
        if (!m_continueAfterSwitch)
            finish(ExitProtocolOrServer, error);
    });
    m_replay->start();
}

bool HistoryCommand::writePage(const QList<eventhub::Event> &events)
{
    for (const eventhub::Event &event : events) {
        if (m_arguments.limit && m_written >= *m_arguments.limit)
            break;
        if (!m_arguments.kinds.isEmpty() && !m_arguments.kinds.contains(event.kind))
            continue;
        const bool ok = m_csv ? m_csv->write(event) : m_output->write(EventLineFormat::jsonl(event)) > 0;
        if (!ok) {
            m_replay->cancel();
            finish(ExitFailure, QStringLiteral("Writing the history failed: %1").arg(m_output->errorString()));
            return false;
        }
        ++m_written;
    }
    return true;
}

} // namespace cli

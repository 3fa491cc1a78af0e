#include "EventLog.h"

#include "eventhub/EventTime.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUuid>

#include <algorithm>

namespace hubsim {

using eventhub::Event;
using eventhub::EventKind;

namespace {

const QString EventIdKey = QStringLiteral("EventId");
const QString EventSeqIdKey = QStringLiteral("EventSeqId");
const QString EventTimeKey = QStringLiteral("EventTime");

bool isBlank(const QByteArray &line)
{
    return line.trimmed().isEmpty();
}

} // namespace

EventLog::EventLog() = default;

EventLog::~EventLog() = default;

QString EventLog::formatEventTime(const QDateTime &time)
{
    QByteArray text;
    eventhub::appendEventTime(text, time.toMSecsSinceEpoch());
    return QString::fromLatin1(text);
}

bool EventLog::openDurable(const QString &path, QString &error)
{
    if (m_file) {
        error = QStringLiteral("The event log is already durable (%1).").arg(durablePath());
        return false;
    }
    if (!m_events.empty()) {
        error = QStringLiteral("The event log must be made durable before any event is appended.");
        return false;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadWrite)) {
        error = QStringLiteral("Cannot open the event log %1: %2").arg(path, file->errorString());
        return false;
    }
    if (!load(*file, error)) {
        m_events.clear();
        m_strategyNames.clear();
        return false;
    }
    m_file = std::move(file);
    m_writeError.clear();
    return true;
}

bool EventLog::load(QFile &file, QString &error)
{
    const QString path = file.fileName();
    // Where the file's good part ends, and whether it ends with a line break.
    qint64 goodEnd = 0;
    bool goodEndsWithNewline = true;
    // A line that could not be read: fatal unless it turns out to be the last one.
    QString pendingProblem;
    qint64 lineNumber = 0;
    qint64 lastSeq = 0;

    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNumber;
        if (line.isEmpty())
            break;
        if (isBlank(line) && line.endsWith('\n')) {
            if (pendingProblem.isEmpty()) {
                goodEnd = file.pos();
                goodEndsWithNewline = true;
            }
            continue;
        }
        if (!pendingProblem.isEmpty()) {
            error = pendingProblem;
            return false;
        }

        Event event;
        QString eventError;
        if (!eventhub::eventFromEnvelope(line, event, eventError)) {
            pendingProblem = QStringLiteral("%1 line %2: %3").arg(path).arg(lineNumber).arg(eventError);
            continue;
        }
        // A line that parses was written whole: out-of-order numbering is not a torn
        // write but a damaged or foreign file, so it is never silently dropped.
        if (event.seqId <= lastSeq) {
            error = QStringLiteral("%1 line %2: EventSeqId %3 does not follow %4.")
                        .arg(path)
                        .arg(lineNumber)
                        .arg(event.seqId)
                        .arg(lastSeq);
            return false;
        }
        lastSeq = event.seqId;
        store(std::move(event));
        goodEnd = file.pos();
        goodEndsWithNewline = line.endsWith('\n');
    }

    // The last line was torn by a crash: cut it so that the next append starts clean.
    if (!pendingProblem.isEmpty() || goodEnd < file.size()) {
        if (!file.resize(goodEnd)) {
            error = QStringLiteral("Cannot cut the torn last line of %1: %2").arg(path, file.errorString());
            return false;
        }
    }
    if (!file.seek(goodEnd)) {
        error = QStringLiteral("Cannot seek in %1: %2").arg(path, file.errorString());
        return false;
    }
    // A whole last event whose line break never made it to disk.
    if (!goodEndsWithNewline && (file.write("\n", 1) != 1 || !file.flush())) {
        error = QStringLiteral("Cannot write to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool EventLog::isDurable() const
{
    return m_file != nullptr;
}

QString EventLog::durablePath() const
{
    return m_file ? m_file->fileName() : QString();
}

QString EventLog::writeError() const
{
    return m_writeError;
}

const Event &EventLog::append(EventKind kind, QJsonObject payload, const QDateTime &timeUtc)
{
    Q_ASSERT(kind != EventKind::Unknown);
    const QDateTime time = timeUtc.isValid() ? timeUtc.toUTC() : QDateTime::currentDateTimeUtc();

    payload.insert(EventIdKey, QUuid::createUuid().toString(QUuid::WithoutBraces));
    payload.insert(EventSeqIdKey, latestSeqId() + 1);
    payload.insert(EventTimeKey, formatEventTime(time));
    // Parsed the way a client parses it, so that an event read back from history is
    // identical to the one stored here.
    Event event;
    QString error;
    const bool parsed = eventhub::parseEvent(eventhub::kindName(kind), payload, event, error);
    Q_ASSERT_X(parsed, "EventLog::append", qPrintable(error));
    Q_UNUSED(parsed)

    store(std::move(event));
    const Event &stored = m_events.back();
    if (m_file)
        writeDurable(stored);
    return stored;
}

void EventLog::store(Event &&event)
{
    if (!event.strategyName.isEmpty()) {
        auto it = m_strategyNames.find(event.strategyName);
        if (it == m_strategyNames.end())
            it = m_strategyNames.insert(event.strategyName, event.strategyName);
        event.strategyName = it.value();
    }
    m_events.push_back(std::move(event));
}

void EventLog::writeDurable(const Event &event)
{
    QByteArray line = eventhub::envelopeJson(event);
    line.append('\n');
    // One write per line, flushed at once: a crash can tear at most the last line, which
    // openDurable() then cuts away.
    if (m_file->write(line) != line.size() || !m_file->flush())
        m_writeError =
            QStringLiteral("Cannot append event %1 to %2: %3").arg(event.seqId).arg(m_file->fileName(), m_file->errorString());
}

qint64 EventLog::latestSeqId() const
{
    return m_events.empty() ? 0 : m_events.back().seqId;
}

qsizetype EventLog::indexAfter(qint64 seqId) const
{
    const auto it = std::upper_bound(m_events.begin(), m_events.end(), seqId,
                                     [](qint64 seq, const Event &event) { return seq < event.seqId; });
    return qsizetype(it - m_events.begin());
}

const Event *EventLog::findBySeq(qint64 seqId) const
{
    const auto it = std::lower_bound(m_events.begin(), m_events.end(), seqId,
                                     [](const Event &event, qint64 seq) { return event.seqId < seq; });
    return it != m_events.end() && it->seqId == seqId ? &*it : nullptr;
}

} // namespace hubsim

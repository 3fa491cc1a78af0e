#include "EventLineFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli::EventLineFormat {

namespace {

bool isCommonField(const QString &key)
{
    return key == QLatin1String("EventId") || key == QLatin1String("EventSeqId") || key == QLatin1String("EventTime")
           || key == QLatin1String("StrategyId") || key == QLatin1String("StrategyName");
}

QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

// Whether a terminal might act on `c` instead of showing it: C0 and C1 controls and DEL
// (escape sequences, newlines that forge lines, carriage returns that overwrite them), the
// line and paragraph separators, and the bidirectional overrides that make text read
// otherwise than it is.
bool isUnsafeForTerminal(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x200e || c == 0x200f
           || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

} // namespace

QString escapeForTerminal(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar character : text) {
        const char16_t c = character.unicode();
        if (c == u'\n')
            escaped += QLatin1String("\\n");
        else if (c == u'\r')
            escaped += QLatin1String("\\r");
        else if (c == u'\t')
            escaped += QLatin1String("\\t");
        else if (isUnsafeForTerminal(c))
            escaped += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
        else
            escaped += character;
    }
    return escaped;
}

QByteArray jsonl(const eventhub::Event &event)
{
    QByteArray line;
    appendJsonl(line, event);
    return line;
}

void appendJsonl(QByteArray &out, const eventhub::Event &event)
{
    eventhub::appendEnvelopeJson(out, event);
    out += '\n';
}

QByteArray text(const eventhub::Event &event)
{
    QString line = QStringLiteral("%1  #%2  %3")
                       .arg(QDateTime::fromMSecsSinceEpoch(event.timeMs, Qt::UTC).toString(Qt::ISODateWithMs))
                       .arg(event.seqId)
                       .arg(event.kindName);
    if (event.strategyId >= 0)
        line += QStringLiteral("  [%1 %2]").arg(event.strategyId).arg(event.strategyName);
    const QJsonObject payload = event.payload();
    for (auto it = payload.begin(); it != payload.end(); ++it) {
        if (!isCommonField(it.key()))
            line += QStringLiteral("  %1=%2").arg(it.key(), scalarText(it.value()));
    }
    // Every part but the separators comes from the hub.
    return escapeForTerminal(line).toUtf8() + '\n';
}

} // namespace cli::EventLineFormat

#include "EventLineFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace EventLineFormat {

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

} // namespace

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
    return line.toUtf8() + '\n';
}

} // namespace EventLineFormat

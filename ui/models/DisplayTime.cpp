#include "DisplayTime.h"

#include <QTimeZone>

namespace ui {

namespace {

DisplayZone g_zone = DisplayZone::Local;

const QTimeZone &exchangeZone()
{
    static const QTimeZone zone(QByteArrayLiteral("America/New_York"));
    return zone;
}

} // namespace

void setDisplayZone(DisplayZone zone)
{
    g_zone = zone;
}

DisplayZone displayZone()
{
    return g_zone;
}

QString displayZoneLabel(DisplayZone zone)
{
    switch (zone) {
    case DisplayZone::Local: return QStringLiteral("Local");
    case DisplayZone::Utc: return QStringLiteral("UTC");
    case DisplayZone::Exchange: return QStringLiteral("ET");
    }
    return {};
}

QString displayZoneTitle(DisplayZone zone)
{
    switch (zone) {
    case DisplayZone::Local: return QStringLiteral("Local time");
    case DisplayZone::Utc: return QStringLiteral("UTC");
    case DisplayZone::Exchange: return QStringLiteral("Exchange time (New York, ET)");
    }
    return {};
}

QString displayZoneKey(DisplayZone zone)
{
    switch (zone) {
    case DisplayZone::Local: return QStringLiteral("local");
    case DisplayZone::Utc: return QStringLiteral("utc");
    case DisplayZone::Exchange: return QStringLiteral("exchange");
    }
    return {};
}

DisplayZone displayZoneFromKey(const QString &key)
{
    for (DisplayZone zone : {DisplayZone::Utc, DisplayZone::Exchange}) {
        if (key == displayZoneKey(zone))
            return zone;
    }
    return DisplayZone::Local;
}

QDateTime inZone(qint64 utcMs, DisplayZone zone)
{
    switch (zone) {
    case DisplayZone::Local: return QDateTime::fromMSecsSinceEpoch(utcMs);
    case DisplayZone::Utc: return QDateTime::fromMSecsSinceEpoch(utcMs, QTimeZone::utc());
    case DisplayZone::Exchange:
        // Without time zone data the exchange's zone is invalid: UTC says so honestly.
        return exchangeZone().isValid() ? QDateTime::fromMSecsSinceEpoch(utcMs, exchangeZone())
                                        : QDateTime::fromMSecsSinceEpoch(utcMs, QTimeZone::utc());
    }
    return {};
}

DisplayDay displayDayOf(qint64 utcMs, DisplayZone zone)
{
    const QDateTime moment = inZone(utcMs, zone);
    const auto startOf = [&moment](QDate day) {
        return moment.timeSpec() == Qt::TimeZone ? day.startOfDay(moment.timeZone()) : day.startOfDay(moment.timeSpec());
    };
    const QDate date = moment.date();
    return {date, startOf(date).toMSecsSinceEpoch(), startOf(date.addDays(1)).toMSecsSinceEpoch(), zone};
}

QString otherZonesText(qint64 utcMs)
{
    QStringList lines;
    for (DisplayZone zone : {DisplayZone::Local, DisplayZone::Utc, DisplayZone::Exchange}) {
        if (zone != displayZone())
            lines << QStringLiteral("%1: %2").arg(displayZoneLabel(zone),
                                                  inZone(utcMs, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace ui

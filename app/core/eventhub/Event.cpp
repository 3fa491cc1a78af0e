#include "Event.h"

#include <QDateTime>
#include <QJsonValue>

namespace eventhub {

namespace {

const QLatin1String EventIdKey("EventId");
const QLatin1String EventSeqIdKey("EventSeqId");
const QLatin1String EventTimeKey("EventTime");
const QLatin1String StrategyIdKey("StrategyId");
const QLatin1String StrategyNameKey("StrategyName");
const QLatin1String KindKey("Kind");

int digits(const QChar *text, int count, bool &ok)
{
    int number = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            ok = false;
        number = number * 10 + (c - u'0');
    }
    return number;
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int year, int month, int day)
{
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int yearOfEra = year - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return qint64(era) * 146097 + dayOfEra - 719468;
}

// The hub's own shapes, "2026-11-25T09:52:36Z" and "2026-11-25T09:52:36.123Z" (or without
// the 'Z': UTC all the same), without QDateTime's general parser; false for anything else,
// which then goes through QDateTime.
bool parseUtcTimeFast(const QString &text, qint64 &timeMs)
{
    qsizetype size = text.size();
    const QChar *c = text.constData();
    if (size > 0 && c[size - 1] == u'Z')
        --size;
    if (size != 19 && size != 23)
        return false;
    if (c[4] != u'-' || c[7] != u'-' || c[10] != u'T' || c[13] != u':' || c[16] != u':'
        || (size == 23 && c[19] != u'.'))
        return false;
    bool ok = true;
    const int year = digits(c, 4, ok), month = digits(c + 5, 2, ok), day = digits(c + 8, 2, ok);
    const int hour = digits(c + 11, 2, ok), minute = digits(c + 14, 2, ok), second = digits(c + 17, 2, ok);
    const int millis = size == 23 ? digits(c + 20, 3, ok) : 0;
    if (!ok || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || year < 1)
        return false;
    static constexpr int DaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > DaysInMonth[month - 1] || (month == 2 && day == 29 && !leap))
        return false;
    timeMs = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60000LL + second * 1000LL + millis;
    return true;
}

bool parseTime(const QJsonValue &value, qint64 &timeMs)
{
    if (!value.isString())
        return false;
    const QString text = value.toString();
    if (parseUtcTimeFast(text, timeMs))
        return true;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return false;
    // A timestamp without an offset is the server's UTC, as documented.
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    timeMs = time.toMSecsSinceEpoch();
    return true;
}

bool parseSeqId(const QJsonValue &value, qint64 &seqId)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Range first: casting a double outside qint64 (1e300, 2^63, NaN) is undefined
        // behaviour (found by tests/fuzz/ under UBSan).
        if (!(number >= 0 && number < 9223372036854775808.0))
            return false;
        seqId = static_cast<qint64>(number);
        return static_cast<double>(seqId) == number;
    }
    if (value.isString()) {
        bool ok = false;
        seqId = value.toString().toLongLong(&ok);
        return ok && seqId >= 0;
    }
    return false;
}

} // namespace

bool parseEvent(const QString &kindName, const QJsonObject &payload, Event &event, QString &error)
{
    event = Event{};
    event.kind = kindFromName(kindName);
    event.kindName = kindName;
    event.payload = payload;

    const QJsonValue id = payload.value(EventIdKey);
    if (id.isString())
        event.eventId = id.toString();
    else if (id.isDouble())
        event.eventId = QString::number(id.toInteger());
    if (event.eventId.isEmpty()) {
        error = QStringLiteral("%1 event has no EventId.").arg(kindName);
        return false;
    }
    if (!parseSeqId(payload.value(EventSeqIdKey), event.seqId)) {
        error = QStringLiteral("%1 event %2 has no valid EventSeqId.").arg(kindName, event.eventId);
        return false;
    }
    if (!parseTime(payload.value(EventTimeKey), event.timeMs)) {
        error = QStringLiteral("%1 event %2 has no valid EventTime.").arg(kindName, event.eventId);
        return false;
    }
    readStrategy(payload, event);
    return true;
}

void readStrategy(const QJsonObject &payload, Event &event)
{
    const QJsonValue strategyId = payload.value(StrategyIdKey);
    if (strategyId.isDouble())
        event.strategyId = strategyId.toInteger(-1);
    else if (strategyId.isString())
        event.strategyId = strategyId.toString().toLongLong();
    event.strategyName = payload.value(StrategyNameKey).toString();
}

bool eventFromCallback(const QString &callback, const QJsonValue &argument, Event &event, QString &error)
{
    if (!argument.isObject()) {
        error = QStringLiteral("The %1 callback's argument is not an object.").arg(callback);
        return false;
    }
    const EventKind kind = kindFromCallback(callback);
    QString name = kindName(kind);
    if (kind == EventKind::Unknown)
        name = callback.startsWith(QLatin1String("On")) ? callback.mid(2) : callback;
    return parseEvent(name, argument.toObject(), event, error);
}

bool eventFromEnvelope(const QJsonObject &envelope, Event &event, QString &error)
{
    for (EventKind kind : allEventKinds()) {
        const QJsonValue payload = envelope.value(kindName(kind));
        if (payload.isObject())
            return parseEvent(kindName(kind), payload.toObject(), event, error);
    }
    // A kind added by the server after this client was written: the one object-valued
    // property other than Kind holds it.
    for (auto it = envelope.begin(); it != envelope.end(); ++it) {
        if (it.key() != KindKey && it.value().isObject())
            return parseEvent(it.key(), it.value().toObject(), event, error);
    }
    // An unknown callback "OnKind" (or "Kind") makes a kind named "Kind", whose envelope
    // collides with the Kind property: toEnvelope writes {"Kind": payload}. The real Kind
    // is a string, so an object there is that event (found by tests/fuzz/).
    if (envelope.value(KindKey).isObject())
        return parseEvent(KindKey, envelope.value(KindKey).toObject(), event, error);
    error = QStringLiteral("A history envelope has no populated event (Kind=%1).")
                .arg(envelope.value(KindKey).toString());
    return false;
}

QJsonObject toEnvelope(const Event &event)
{
    return QJsonObject{{KindKey, event.kindName}, {event.kindName, event.payload}};
}

} // namespace eventhub

#include "EventTime.h"

#include <QDateTime>

namespace eventhub {

namespace {

int digits(const char *text, int count, bool &ok)
{
    int number = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            ok = false;
        number = number * 10 + (c - '0');
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
bool parseUtcTimeFast(std::string_view text, qint64 &timeMs)
{
    size_t size = text.size();
    const char *c = text.data();
    if (size > 0 && c[size - 1] == 'Z')
        --size;
    if (size != 19 && size != 23)
        return false;
    if (c[4] != '-' || c[7] != '-' || c[10] != 'T' || c[13] != ':' || c[16] != ':' || (size == 23 && c[19] != '.'))
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

// The inverse of daysFromCivil (Howard Hinnant's civil_from_days).
void civilFromDays(qint64 days, int &year, int &month, int &day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const int dayOfEra = int(days - era * 146097);
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int monthIndex = (5 * dayOfYear + 2) / 153;
    day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    year = int(yearOfEra + era * 400) + (month <= 2);
}

void putDigits(char *out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i, value /= 10)
        out[i] = char('0' + value % 10);
}

} // namespace

bool parseEventTime(std::string_view text, qint64 &timeMs)
{
    if (parseUtcTimeFast(text, timeMs))
        return true;
    QDateTime time = QDateTime::fromString(QString::fromUtf8(text.data(), qsizetype(text.size())), Qt::ISODateWithMs);
    if (!time.isValid())
        return false;
    // A timestamp without an offset is the server's UTC, as documented.
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    timeMs = time.toMSecsSinceEpoch();
    return true;
}

void appendEventTime(QByteArray &out, qint64 timeMs)
{
    qint64 days = timeMs / 86400000;
    qint64 msOfDay = timeMs % 86400000;
    if (msOfDay < 0) {
        msOfDay += 86400000;
        --days;
    }
    int year = 0, month = 0, day = 0;
    civilFromDays(days, year, month, day);
    if (year < 0 || year > 9999) { // outside what four digits hold: Qt's general formatter
        out += QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
        return;
    }
    char text[] = "0000-00-00T00:00:00.000Z";
    putDigits(text, year, 4);
    putDigits(text + 5, month, 2);
    putDigits(text + 8, day, 2);
    putDigits(text + 11, int(msOfDay / 3600000), 2);
    putDigits(text + 14, int(msOfDay / 60000 % 60), 2);
    putDigits(text + 17, int(msOfDay / 1000 % 60), 2);
    putDigits(text + 20, int(msOfDay % 1000), 3);
    out.append(text, 24);
}

} // namespace eventhub

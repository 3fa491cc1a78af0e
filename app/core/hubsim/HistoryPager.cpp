#include "HistoryPager.h"

#include "EventLog.h"
#include "eventhub/PropertyNames.h"
#include "signalr/JsonObjectWriter.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace hubsim {

namespace {

constexpr QByteArray::Base64Options TokenEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// 96 bits of MAC: far beyond guessing, and the token stays short.
constexpr int MacBytes = 12;

// An integral JSON number, or none (missing/null) which means `fallback`.
bool readInteger(const QJsonValue &value, qint64 fallback, qint64 &out)
{
    if (value.isUndefined() || value.isNull()) {
        out = fallback;
        return true;
    }
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number))
        return false;
    // Beyond +-2^62 nothing is meaningful as a sequence id or a limit; clamping keeps the
    // conversion defined.
    constexpr double Bound = 4.0e18;
    out = static_cast<qint64>(std::clamp(number, -Bound, Bound));
    return true;
}

// One random secret per process: pagers made per call still accept each other's tokens,
// and a restart invalidates them all.
const QByteArray &processSecret()
{
    static const QByteArray secret = [] {
        quint32 words[8];
        QRandomGenerator::system()->fillRange(words);
        return QByteArray(reinterpret_cast<const char *>(words), sizeof(words));
    }();
    return secret;
}

} // namespace

QString HistoryPager::invalidTokenError()
{
    return QStringLiteral("Invalid continuation token");
}

HistoryPager::HistoryPager(const EventLog &log, const QByteArray &tokenSecret)
    : m_log(log)
    , m_secret(tokenSecret.isEmpty() ? processSecret() : tokenSecret)
{}

QByteArray HistoryPager::mac(const QByteArray &message) const
{
    // The MAC also covers the log's first EventId, unique to that log's history: a token
    // from another user's log is refused even though the secret is the same.
    const QByteArray scoped = message + '\n' + (m_log.isEmpty() ? QByteArray() : m_log.eventAt(0).eventIdUtf8().toByteArray());
    return QMessageAuthenticationCode::hash(scoped, m_secret, QCryptographicHash::Sha256).left(MacBytes);
}

QString HistoryPager::makeToken(qint64 lastSeqId) const
{
    const QByteArray message = "v1:" + QByteArray::number(lastSeqId);
    const QByteArray token = message + ':' + mac(message).toBase64(TokenEncoding);
    return QString::fromLatin1(token.toBase64(TokenEncoding));
}

bool HistoryPager::parseToken(const QString &token, qint64 &lastSeqId) const
{
    const auto decoded =
        QByteArray::fromBase64Encoding(token.toLatin1(), TokenEncoding | QByteArray::AbortOnBase64DecodingErrors);
    // Only the exact text makeToken() wrote: base64 decoders ignore stray trailing bits,
    // so without this check "<token>x" would pass as the same token.
    if (token.isEmpty() || !decoded || decoded.decoded.toBase64(TokenEncoding) != token.toLatin1())
        return false;
    const QList<QByteArray> parts = decoded.decoded.split(':');
    if (parts.size() != 3 || parts.at(0) != "v1")
        return false;
    const QByteArray message = parts.at(0) + ':' + parts.at(1);
    const QByteArray expected = mac(message).toBase64(TokenEncoding);
    if (parts.at(2).size() != expected.size())
        return false;
    // Compared in constant time, as any MAC check should be.
    int difference = 0;
    for (int i = 0; i < expected.size(); ++i)
        difference |= parts.at(2).at(i) ^ expected.at(i);
    if (difference != 0)
        return false;
    bool ok = false;
    const qint64 seq = parts.at(1).toLongLong(&ok);
    // A token from a longer log (another user's, or before a non-durable restart with the
    // same secret) points nowhere in this one.
    if (!ok || seq < 0 || seq > m_log.latestSeqId())
        return false;
    lastSeqId = seq;
    return true;
}

bool HistoryPager::eventsSince(const QJsonObject &args, signalr::RawJson &result, QString &error) const
{
    // Bound ignoring case, as ASP.NET Core binds a parameter's properties: Microsoft's
    // clients send camelCase ({"sinceEventSeqId": ...}).
    const auto arg = [&args](const char *name) { return eventhub::valueIgnoringCase(args, QLatin1String(name)); };
    qint64 since = 0;
    if (!readInteger(arg("SinceEventSeqId"), 0, since)) {
        error = QStringLiteral("Invalid SinceEventSeqId");
        return false;
    }
    since = std::max<qint64>(since, 0);

    qint64 limit = MaxLimit;
    if (!readInteger(arg("Limit"), MaxLimit, limit)) {
        error = QStringLiteral("Invalid Limit");
        return false;
    }
    if (limit <= 0 || limit > MaxLimit)
        limit = MaxLimit;

    const QJsonValue tokenValue = arg("ContinuationToken");
    // Null, missing and "" all mean "no token": the docs end paging on null or empty.
    const bool hasToken = tokenValue.isString() && !tokenValue.toString().isEmpty();
    if (!hasToken && !tokenValue.isUndefined() && !tokenValue.isNull() && !tokenValue.isString()) {
        error = invalidTokenError();
        return false;
    }
    if (hasToken) {
        qint64 tokenSeq = 0;
        if (!parseToken(tokenValue.toString(), tokenSeq)) {
            error = invalidTokenError();
            return false;
        }
        since = std::max(since, tokenSeq);
    }

    const qsizetype visible = m_horizon ? m_log.indexAfter(*m_horizon) : m_log.size();
    const qsizetype begin = std::min(visible, m_log.indexAfter(since));
    const qsizetype end = std::min<qsizetype>(visible, begin + qsizetype(limit));
    // The page is written as text: the events are JSON text already, and a page of a
    // thousand of them through a QJsonArray costs more than the client reading it.
    // Sized once: growing a page of ~450 KB step by step copied it over and over, into
    // memory the kernel had to fault in each time.
    qsizetype size = 64;
    for (qsizetype i = begin; i < end; ++i)
        size += eventhub::envelopeJsonSizeHint(m_log.eventAt(i));
    QByteArray page;
    page.reserve(size);
    page += "{\"Events\":[";
    for (qsizetype i = begin; i < end; ++i) {
        if (i > begin)
            page += ',';
        eventhub::appendEnvelopeJson(page, m_log.eventAt(i));
    }
    page += "],\"ContinuationToken\":";
    if (end < visible)
        signalr::appendJsonString(page, makeToken(m_log.eventAt(end - 1).seqId));
    else
        page += "null";
    page += '}';
    result = signalr::RawJson::fromText(page);
    return true;
}

} // namespace hubsim

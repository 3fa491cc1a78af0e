#include "HistoryQuery.h"

#include "StoreSchema.h"

#include <QRegularExpression>

namespace store {

bool HistoryFilter::isEmpty() const
{
    return kinds.isEmpty() && strategyIds.isEmpty() && !fromMs && !toMs && severities.isEmpty() && text.trimmed().isEmpty();
}

bool HistoryFilter::hasOnlyWords() const
{
    return kinds.isEmpty() && strategyIds.isEmpty() && !fromMs && !toMs && severities.isEmpty() && !text.trimmed().isEmpty();
}

bool HistoryFilter::operator==(const HistoryFilter &other) const
{
    return kinds == other.kinds && strategyIds == other.strategyIds && fromMs == other.fromMs && toMs == other.toMs
           && severities == other.severities && text.trimmed() == other.text.trimmed();
}

namespace {

QString placeholders(qsizetype count)
{
    QStringList marks;
    for (qsizetype i = 0; i < count; ++i)
        marks.append(QStringLiteral("?"));
    return marks.join(QLatin1String(", "));
}

template<typename T>
QList<QVariant> variants(const QList<T> &values)
{
    QList<QVariant> out;
    for (const T &value : values)
        out.append(QVariant::fromValue(value));
    return out;
}

// SQLite's order of storage classes: NULL, numbers, text.
int storageClass(const QVariant &value)
{
    if (value.isNull())
        return 0;
    return value.typeId() == QMetaType::QString ? 2 : 1;
}

int compareValues(const QVariant &a, const QVariant &b)
{
    const int classA = storageClass(a);
    const int classB = storageClass(b);
    if (classA != classB)
        return classA < classB ? -1 : 1;
    if (classA == 1) {
        const qint64 x = a.toLongLong();
        const qint64 y = b.toLongLong();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (classA == 2) // SQLite's BINARY collation: UTF-8 bytes
        return qBound(-1, a.toString().toUtf8().compare(b.toString().toUtf8()), 1);
    return 0;
}

} // namespace

void HistorySql::add(const QString &condition, const QList<QVariant> &values)
{
    where += (where.isEmpty() ? QString() : QStringLiteral(" AND ")) + condition;
    bindings += values;
}

HistorySql HistorySql::forFilter(const HistoryFilter &filter, const QString &fullText, Words words)
{
    HistorySql sql;
    if (!filter.kinds.isEmpty())
        sql.add(QStringLiteral("kind IN (%1)").arg(placeholders(filter.kinds.size())), variants(filter.kinds));
    if (!filter.strategyIds.isEmpty())
        sql.add(QStringLiteral("strategy_id IN (%1)").arg(placeholders(filter.strategyIds.size())), variants(filter.strategyIds));
    if (filter.fromMs)
        sql.add(QStringLiteral("time_ms >= ?"), {*filter.fromMs});
    if (filter.toMs)
        sql.add(QStringLiteral("time_ms < ?"), {*filter.toMs});
    if (!filter.severities.isEmpty())
        sql.add(QStringLiteral("severity IN (%1)").arg(placeholders(filter.severities.size())), variants(filter.severities));
    if (!fullText.isEmpty())
        // The full-text index's rowid is the EventSeqId (StoreSchema.cpp). The unary + keeps
        // SQLite from looking rows up by that list.
        sql.add(QStringLiteral("%1seq_id IN (SELECT rowid FROM events_text WHERE events_text MATCH ?)")
                    .arg(words == Words::CheckAlongOrder ? QStringLiteral("+") : QString()),
                {fullText});
    return sql;
}

QStringList HistorySql::orderColumns(HistorySortKey key)
{
    switch (key) {
    case HistorySortKey::Seq: return {QStringLiteral("seq_id")};
    case HistorySortKey::Time: return {QStringLiteral("time_ms"), QStringLiteral("seq_id")};
    case HistorySortKey::Kind: return {QStringLiteral("kind"), QStringLiteral("seq_id")};
    case HistorySortKey::Strategy: return {QStringLiteral("strategy_name"), QStringLiteral("seq_id")};
    case HistorySortKey::StrategyId: return {QStringLiteral("strategy_id"), QStringLiteral("kind"), QStringLiteral("seq_id")};
    case HistorySortKey::EventId: return {QStringLiteral("event_id")};
    }
    return {QStringLiteral("seq_id")};
}

QString HistorySql::orderBy(const HistoryOrder &order)
{
    QStringList terms = orderColumns(order.key);
    for (QString &term : terms)
        term += order.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    return QStringLiteral("ORDER BY ") + terms.join(QLatin1String(", "));
}

void HistorySql::addFrom(const HistoryOrder &order, const SortKey &key, bool including)
{
    const QStringList columns = orderColumns(order.key);
    const QString comparison = QString::fromLatin1(order.descending ? "<" : ">") + (including ? QStringLiteral("=") : QString());
    // A row value comparison, which SQLite answers with a seek in the order's index.
    // NULL never compares: a key holding one (an event without strategy) is left to the
    // columns after it, as NULLs come first.
    if (key.size() > 1 && key.first().isNull()) {
        // Only the strategy's id or name may be NULL: rows of no strategy, or of any
        // strategy after it.
        const QString rest = QStringLiteral("(%1) %2 (%3)")
                                 .arg(columns.mid(1).join(QLatin1String(", ")), comparison, placeholders(key.size() - 1));
        add(order.descending ? columns.first() + QStringLiteral(" IS NULL AND ") + rest
                             : QLatin1Char('(') + columns.first() + QStringLiteral(" IS NOT NULL OR ") + rest + QLatin1Char(')'),
            key.mid(1));
        return;
    }
    add(QStringLiteral("(%1) %2 (%3)").arg(columns.join(QLatin1String(", ")), comparison, placeholders(columns.size())), key);
}

bool comesBefore(const HistoryOrder &order, const SortKey &a, const SortKey &b)
{
    for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i) {
        const int comparison = compareValues(a.at(i), b.at(i));
        if (comparison != 0)
            return order.descending ? comparison > 0 : comparison < 0;
    }
    return false;
}

namespace {

QString quoted(QString word)
{
    return QLatin1Char('"') + word.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

// Whether the tokenizer (unicode61) keeps `word` as one word, as typed once in lower case:
// ASCII letters and digits.
bool isPlainWord(const QString &word)
{
    return std::all_of(word.begin(), word.end(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
    });
}

} // namespace

QString fullTextQuery(const QString &words, const TermsBeginning &termsBeginning)
{
    QStringList terms;
    static const QRegularExpression separators(QStringLiteral("\\s+"));
    for (const QString &typed : words.split(separators, Qt::SkipEmptyParts)) {
        const QString word = typed.toLower();
        std::optional<QStringList> beginning;
        if (termsBeginning && word.size() > StoreSchema::LongestIndexedPrefix && isPlainWord(word))
            beginning = termsBeginning(word);
        if (!beginning) {
            terms.append(quoted(word) + QLatin1Char('*'));
            continue;
        }
        // No word of the index begins with it: one that matches nothing.
        if (beginning->isEmpty())
            beginning->append(word);
        QStringList alternatives;
        for (const QString &term : std::as_const(*beginning))
            alternatives.append(quoted(term));
        terms.append(alternatives.size() == 1 ? alternatives.first()
                                              : QLatin1Char('(') + alternatives.join(QLatin1String(" OR ")) + QLatin1Char(')'));
    }
    // FTS5 takes a group in parentheses only between explicit ANDs.
    return terms.join(QLatin1String(" AND "));
}

} // namespace store

// The History pane's model over a store of 100,000 events (issue 24): true counts under
// every filter, the whole history sorted both ways, a filter changed while a count is in
// flight, new events arriving while the user is scrolled down, and Jump to. (The CSV export
// of what the filter shows: tst_historyexporter.)

#include "EventLoopWait.h"
#include "SyntheticStoreFixture.h"
#include "eventhub/EventSeverity.h"
#include "history/HistoryPane.h"
#include "history/HistoryTableModel.h"
#include "hubsim/SyntheticHistory.h"
#include "store/EventSearchText.h"
#include "store/EventStore.h"
#include "store/HistoryQuery.h"
#include "widgets/EventTableView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHeaderView>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ui;

namespace {

constexpr int StoredEvents = 100000;

// Reads and counts run on the pane's reader threads: time enough on a loaded machine.
constexpr int ReaderTimeoutMs = 20000;

// The event at a row, reading its block first.
const eventhub::Event *loadedEvent(HistoryTableModel &model, int row)
{
    if (!model.eventAt(row) && !waitUntil([&] { return model.eventAt(row) != nullptr; }, ReaderTimeoutMs))
        return nullptr;
    return model.eventAt(row);
}

bool startsAWord(const QString &text, const QString &prefix)
{
    static const QRegularExpression nonWord(QStringLiteral("[^\\p{L}\\p{N}]+"));
    for (const QString &word : text.toLower().split(nonWord, Qt::SkipEmptyParts)) {
        if (word.startsWith(prefix))
            return true;
    }
    return false;
}

} // namespace

class HistoryTableTest : public SyntheticStoreFixture
{
    Q_OBJECT

private:
    void waitCounted(HistoryTableModel &model)
    {
        QVERIFY(waitUntil([&] { return model.isCounted(); }, ReaderTimeoutMs));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(fillStore(StoredEvents, error), qPrintable(error));
    }

    void countsEveryMatchingEvent()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        QCOMPARE(model.matchingCount(), qint64(StoredEvents));
        QCOMPARE(model.rowCount(), StoredEvents);
        QCOMPARE(model.firstSeqId(), 1);
        QCOMPARE(model.latestSeqId(), StoredEvents);

        store::HistoryFilter filter;
        filter.kinds = {QStringLiteral("OrderUpdate")};
        filter.strategyIds = {101};
        model.setFilter(filter);
        waitCounted(model);
        const qint64 orders =
            expectedCount([](const eventhub::Event &e) { return e.kindName == "OrderUpdate" && e.strategyId == 101; });
        QVERIFY(orders > 100);
        QCOMPARE(model.matchingCount(), orders);

        filter = {};
        filter.severities = {int(eventhub::Severity::Error), int(eventhub::Severity::Critical)};
        model.setFilter(filter);
        waitCounted(model);
        QCOMPARE(model.matchingCount(), expectedCount([](const eventhub::Event &e) {
                     const auto severity = eventhub::severityOf(e);
                     return severity == eventhub::Severity::Error || severity == eventhub::Severity::Critical;
                 }));

        filter = {};
        filter.text = QStringLiteral("Iron rejec");
        model.setFilter(filter);
        waitCounted(model);
        const qint64 texts = expectedCount([](const eventhub::Event &e) {
            const QString text = QString::fromUtf8(store::searchableText(e));
            return startsAWord(text, QStringLiteral("iron")) && startsAWord(text, QStringLiteral("rejec"));
        });
        QVERIFY(texts > 0);
        QCOMPARE(model.matchingCount(), texts);

        filter = {};
        filter.fromMs = m_events.at(1000).timeMs;
        filter.toMs = m_events.at(2000).timeMs;
        model.setFilter(filter);
        waitCounted(model);
        QCOMPARE(model.matchingCount(), qint64(1000));
    }

    void sortsTheWholeHistoryBothWays()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        // Newest first by default.
        QCOMPARE(loadedEvent(model, 0)->seqId, qint64(StoredEvents));
        QCOMPARE(loadedEvent(model, StoredEvents - 1)->seqId, qint64(1));
        QCOMPARE(loadedEvent(model, 54321)->seqId, qint64(StoredEvents - 54321));

        model.sort(model.columnOf(store::HistorySortKey::Seq), Qt::AscendingOrder);
        waitCounted(model);
        QCOMPARE(loadedEvent(model, 0)->seqId, qint64(1));
        QCOMPARE(loadedEvent(model, StoredEvents - 1)->seqId, qint64(StoredEvents));

        for (const bool descending : {false, true}) {
            model.sort(model.columnOf(store::HistorySortKey::Kind), descending ? Qt::DescendingOrder : Qt::AscendingOrder);
            waitCounted(model);
            QCOMPARE(model.matchingCount(), qint64(StoredEvents));
            // Across the block boundaries deep in the table, the kinds keep their order.
            QString previous;
            for (int row = 70000; row < 70000 + 3 * HistoryTableModel::BlockRows; row += 7) {
                const QString kind = loadedEvent(model, row)->kindName;
                if (!previous.isEmpty())
                    QVERIFY2(descending ? kind <= previous : kind >= previous, qPrintable(kind + " after " + previous));
                previous = kind;
            }
            QCOMPARE(loadedEvent(model, 0)->kindName,
                     descending ? QStringLiteral("PositionUpdate") : QStringLiteral("AdjustmentSignal"));
        }
    }

    // The Strategy column sorts by the names the trader reads, the StrategyId column by id;
    // Jump to finds its row in either.
    // Every word typed begins a word of the event, however many words it begins: short
    // ones from the index's prefixes, longer ones looked up in its vocabulary (a few words
    // or, beyond, the prefix itself), two words together, and one that begins none.
    void textSearchCountsEveryEventAWordBegins()
    {
        // Each event's words, split once (the counts below check 100,000 events each).
        static const QRegularExpression nonWord(QStringLiteral("[^\\p{L}\\p{N}]+"));
        QList<QStringList> wordsOfEvents;
        for (const eventhub::Event &event : std::as_const(m_events))
            wordsOfEvents.append(QString::fromUtf8(store::searchableText(event)).toLower().split(nonWord, Qt::SkipEmptyParts));
        const auto matches = [](const QStringList &words, const QStringList &prefixes) {
            return std::all_of(prefixes.begin(), prefixes.end(), [&](const QString &prefix) {
                return std::any_of(words.begin(), words.end(), [&](const QString &word) { return word.startsWith(prefix); });
            });
        };
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        for (const QString &words : {QStringLiteral("sp"), QStringLiteral("spx"), QStringLiteral("SPXW"), QStringLiteral("spxw2"),
                                     QStringLiteral("condor"), QStringLiteral("rejected"), QStringLiteral("spx margin"),
                                     QStringLiteral("Iron rejec"), QStringLiteral("zzzzzz")}) {
            store::HistoryFilter filter;
            filter.text = words;
            model.setFilter(filter);
            waitCounted(model);
            const QStringList prefixes = words.toLower().split(QLatin1Char(' '));
            const qint64 expected = std::count_if(wordsOfEvents.begin(), wordsOfEvents.end(),
                                                  [&](const QStringList &w) { return matches(w, prefixes); });
            QVERIFY2(
                model.matchingCount() == expected,
                qPrintable(QStringLiteral("%1: %2 counted, %3 expected").arg(words).arg(model.matchingCount()).arg(expected)));
            if (expected > 0) {
                // Rows come from the same query as the count.
                const eventhub::Event *last = loadedEvent(model, int(expected) - 1);
                QVERIFY(last);
                QVERIFY(matches(wordsOfEvents.at(last->seqId - 1), prefixes));
            }
        }
    }

    // The words typed as FTS5 reads them: a long word as the index's words it begins when
    // they are few, as a prefix when they are many or unknown.
    void longWordsBecomeTheWordsTheyBegin()
    {
        const store::TermsBeginning vocabulary = [](const QString &word) -> std::optional<QStringList> {
            if (word == QLatin1String("condo"))
                return QStringList{QStringLiteral("condor"), QStringLiteral("condors")};
            if (word == QLatin1String("nothere"))
                return QStringList{};
            return std::nullopt; // too many
        };
        QCOMPARE(store::fullTextQuery(QStringLiteral("SPX  condo"), vocabulary),
                 QStringLiteral("\"spx\"* AND (\"condor\" OR \"condors\")"));
        QCOMPARE(store::fullTextQuery(QStringLiteral("nothere spxw2"), vocabulary), QStringLiteral("\"nothere\" AND \"spxw2\"*"));
        // Quotes are never FTS5 syntax; a word of punctuation is left to FTS5's prefix.
        QCOMPARE(store::fullTextQuery(QStringLiteral("a\"b-c.d"), vocabulary), QStringLiteral("\"a\"\"b-c.d\"*"));
    }

    // A dragged scroll bar asks for the blocks of every place it passes: reads overtaken by
    // newer ones are skipped, the last asked for is read, and a skipped one is read when
    // asked for again (not left pending).
    void blocksSkippedForNewerOnesAreReadWhenAskedAgain()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        constexpr int Blocks = 24;
        const auto rowOf = [](int i) { return (i * 4 + 1) * HistoryTableModel::BlockRows + 7; };
        for (int i = 0; i < Blocks; ++i)
            QVERIFY(!model.eventAt(rowOf(i)));
        QVERIFY(loadedEvent(model, rowOf(Blocks - 1)));
        for (int i = 0; i < Blocks; ++i) {
            const eventhub::Event *event = loadedEvent(model, rowOf(i));
            QVERIFY(event);
            QCOMPARE(event->seqId, qint64(StoredEvents - rowOf(i)));
        }
    }

    void sortsByStrategyNameAndById()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        const auto byName = [](const eventhub::Event &a, const eventhub::Event &b) { return a.strategyName < b.strategyName; };
        const QString firstName = std::min_element(m_events.begin(), m_events.end(), byName)->strategyName;
        const QString lastName = std::max_element(m_events.begin(), m_events.end(), byName)->strategyName;
        model.sort(model.columnOf(store::HistorySortKey::Strategy), Qt::AscendingOrder);
        waitCounted(model);
        QCOMPARE(model.matchingCount(), qint64(StoredEvents));
        QCOMPARE(loadedEvent(model, 0)->strategyName, firstName);
        QCOMPARE(loadedEvent(model, StoredEvents - 1)->strategyName, lastName);
        QString previous;
        for (int row = 0; row < StoredEvents; row += 4001) {
            const QString name = loadedEvent(model, row)->strategyName;
            QVERIFY2(name >= previous, qPrintable(name + " after " + previous));
            previous = name;
        }
        QSignalSpy jumped(&model, &HistoryTableModel::jumped);
        model.jumpToSeq(54321);
        QVERIFY(jumped.wait());
        QCOMPARE(loadedEvent(model, jumped.last().at(0).toInt())->seqId, qint64(54321));

        model.sort(model.columnOf(store::HistorySortKey::StrategyId), Qt::DescendingOrder);
        waitCounted(model);
        qint64 previousId = std::numeric_limits<qint64>::max();
        for (int row = 0; row < StoredEvents; row += 4001) {
            const qint64 id = loadedEvent(model, row)->strategyId;
            QVERIFY(id <= previousId);
            previousId = id;
        }
    }

    void aFilterChangedDuringACountShowsTheNewFilter()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        store::HistoryFilter errors;
        errors.kinds = {QStringLiteral("Error")};
        model.setFilter(errors); // the unfiltered count is in flight
        store::HistoryFilter legs;
        legs.kinds = {QStringLiteral("LegUpdate")};
        model.setFilter(legs); // and now the errors' count too
        waitCounted(model);
        QCOMPARE(model.matchingCount(), expectedCount([](const eventhub::Event &e) { return e.kindName == "LegUpdate"; }));
        for (const int row : {0, 5000, int(model.matchingCount()) - 1})
            QCOMPARE(loadedEvent(model, row)->kindName, QStringLiteral("LegUpdate"));
    }

    void jumpsToASeqAnEventIdAndATime()
    {
        HistoryTableModel model;
        model.setStorePath(m_path);
        waitCounted(model);
        QSignalSpy jumped(&model, &HistoryTableModel::jumped);
        model.jumpToSeq(12345);
        QVERIFY(jumped.wait());
        QCOMPARE(loadedEvent(model, jumped.last().at(0).toInt())->seqId, qint64(12345));
        model.jumpToEventId(m_events.at(777).eventId());
        QVERIFY(jumped.wait());
        QCOMPARE(loadedEvent(model, jumped.last().at(0).toInt())->seqId, qint64(778));
        model.jumpToTime(m_events.at(4000).timeMs + 1);
        QVERIFY(jumped.wait());
        QCOMPARE(loadedEvent(model, jumped.last().at(0).toInt())->seqId, qint64(4001));

        store::HistoryFilter legs;
        legs.kinds = {QStringLiteral("LegUpdate")};
        model.setFilter(legs);
        waitCounted(model);
        const auto notALeg =
            std::find_if(m_events.begin(), m_events.end(), [](const eventhub::Event &e) { return e.kindName != "LegUpdate"; });
        QSignalSpy failed(&model, &HistoryTableModel::jumpFailed);
        model.jumpToSeq(notALeg->seqId);
        QVERIFY(failed.wait());
    }

    // The count shows its rows as it goes, and a jump made before the count is done is
    // answered as soon as the count reaches its event.
    void rowsAndJumpsDoNotWaitForTheWholeCount()
    {
        HistoryTableModel model;
        QList<int> rowsWhileCounting;
        connect(&model, &QAbstractItemModel::rowsInserted, this, [&] {
            if (!model.isCounted())
                rowsWhileCounting.append(model.rowCount());
        });
        QSignalSpy jumped(&model, &HistoryTableModel::jumped);
        model.setStorePath(m_path);
        model.jumpToSeq(10); // near the bottom: the last rows the count reaches
        QVERIFY(jumped.wait(ReaderTimeoutMs));
        QCOMPARE(loadedEvent(model, jumped.last().at(0).toInt())->seqId, qint64(10));
        waitCounted(model);
        QVERIFY2(std::any_of(rowsWhileCounting.begin(), rowsWhileCounting.end(),
                             [](int rows) { return rows > HistoryTableModel::BlockRows && rows < StoredEvents; }),
                 "no rows shown before the count was done");
        QCOMPARE(model.rowCount(), StoredEvents);
        QCOMPARE(loadedEvent(model, StoredEvents - 10)->seqId, qint64(10));
    }

    // Last: it adds events to the store.
    void newEventsAppearOnTopWithoutMovingAScrolledView()
    {
        HistoryPane pane;
        pane.resize(1000, 700);
        pane.setStore(m_store.get());
        pane.show();
        HistoryTableModel &model = *pane.model();
        waitCounted(model);
        EventTableView *view = pane.view();
        view->scrollTo(model.index(5000, 0), QAbstractItemView::PositionAtTop);
        const int topRow = view->rowAt(0);
        QVERIFY(topRow > 0);
        const qint64 topSeq = loadedEvent(model, topRow)->seqId;

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const QList<eventhub::Event> newer = m_history->next(10);
        m_store->append(newer, m_history->lastSeqId());
        QVERIFY(inserted.wait(5000));
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(model.matchingCount(), qint64(StoredEvents + 10));
        QCOMPARE(loadedEvent(model, 0)->seqId, m_history->lastSeqId());
        QCOMPARE(loadedEvent(model, view->rowAt(0))->seqId, topSeq);

        // At the top, the view shows them.
        view->scrollToTop();
        m_store->append(m_history->next(5), m_history->lastSeqId());
        QVERIFY(inserted.wait(5000));
        QCOMPARE(view->verticalScrollBar()->value(), 0);
        QCOMPARE(loadedEvent(model, view->rowAt(0))->seqId, m_history->lastSeqId());
    }
};

QTEST_MAIN(HistoryTableTest)
#include "tst_historytable.moc"

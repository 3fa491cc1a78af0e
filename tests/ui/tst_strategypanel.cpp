// Click-to-subscribe: a click on a strategy's check box in the panel goes through the
// EventFeed to the hub; the row turns Subscribed and the simulator delivers that strategy's
// events (and only those) from then on.

#include "SimulatedHub.h"
#include "feed/EventFeed.h"
#include "models/StrategyModel.h"
#include "widgets/StrategyPanel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QtTest>

using State = feed::EventFeed::SubscriptionState;

class TestStrategyPanel : public QObject
{
    Q_OBJECT

private:
    // Where the view draws the check box of a row's first cell.
    static QPoint checkBoxCenter(QTableView *view, const QModelIndex &index)
    {
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = view->visualRect(index);
        option.features |= QStyleOptionViewItem::HasCheckIndicator;
        option.state |= QStyle::State_Enabled;
        const QRect box = view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view);
        return box.center();
    }

private slots:
    void clickSubscribesThroughTheFeed()
    {
        hubsim::SimulatorOptions options;
        options.ratePerSecond = 100;
        SimulatedHub hub(options);
        feed::EventFeed::Options feedOptions;
        feedOptions.subscribeAll = false;
        feed::EventFeed feed(*hub.client, feedOptions);
        ui::StrategyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::StrategyPanel panel(&model);
        panel.setFeed(&feed);
        panel.resize(600, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.allStrategiesBox()->isChecked());

        QList<eventhub::Event> received;
        connect(&feed, &feed::EventFeed::eventsArrived, this, [&](const QList<eventhub::Event> &events) { received += events; });
        QVERIFY(hub.connect());
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isSynchronizing(), 10000);

        // Strategy 104 becomes known by typing its id; it is subscribed at once.
        auto *idEdit = panel.findChild<QLineEdit *>();
        QVERIFY(idEdit);
        QTest::keyClicks(idEdit, QStringLiteral("104"));
        QTest::keyClick(idEdit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(104), State::Subscribed, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(received.begin(), received.end(), [](const eventhub::Event &e) { return e.strategyId == 104; }), 10000);

        // Unsubscribe 104 by clicking its check box.
        QTableView *view = panel.view();
        auto indexOf = [&](qint64 id) {
            for (int r = 0; r < view->model()->rowCount(); ++r) {
                if (view->model()->index(r, ui::StrategyModel::IdColumn).data().toLongLong() == id)
                    return view->model()->index(r, ui::StrategyModel::SubscribedColumn);
            }
            return QModelIndex();
        };
        QModelIndex index = indexOf(104);
        QVERIFY(index.isValid());
        QCOMPARE(index.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, index));
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(104), State::NotSubscribed, 10000);
        QCOMPARE(index.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));

        // A strategy known but not subscribed (no events come for it), clicked on.
        feed.setStrategySubscribed(107, false);
        QTRY_VERIFY(indexOf(107).isValid());
        index = indexOf(107);
        QCOMPARE(index.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, index));
        QCOMPARE(feed.subscriptionState(107), State::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(107), State::Subscribed, 10000);
        // 104 reads NotSubscribed from the click on, but the hub sends its events until it
        // has the unsubscription. It answers 107's subscription after that, and the feed
        // delivers what came before an answer before the answer: from here on, 107 only.
        received.clear();
        QTRY_COMPARE(model.index(model.rowOf(107), ui::StrategyModel::StateColumn).data().toString(),
                     QStringLiteral("Subscribed"));
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 15000);
        for (const eventhub::Event &event : std::as_const(received))
            QVERIFY2(event.strategyId == 107 || event.strategyId < 0, qPrintable(QString::number(event.strategyId)));

        // A strategy the hub refuses shows Failed with the hub's reason.
        QTest::keyClicks(idEdit, QStringLiteral("950"));
        QTest::keyClick(idEdit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(950), State::Failed, 10000);
        const QString failed = model.index(model.rowOf(950), ui::StrategyModel::StateColumn).data().toString();
        QVERIFY2(failed.startsWith(QStringLiteral("Failed: ")) && failed.contains(QStringLiteral("another user")),
                 qPrintable(failed));

        // "All strategies": every row reads subscribed and single rows are not checkable.
        panel.allStrategiesBox()->click();
        QVERIFY(feed.allStrategies());
        QTRY_COMPARE_WITH_TIMEOUT(feed.subscriptionState(101), State::Subscribed, 10000);
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable));
    }
};

QTEST_MAIN(TestStrategyPanel)
#include "tst_strategypanel.moc"

// Stale is visible: after the connection drops, the panes carry "Disconnected since
// HH:MM:SS — showing what was received until then" with Reconnect now, which connects at
// once instead of after the retry delay; the banners go when the connection is back.

#include "TestEvents.h"
#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"
#include "models/PaneCatalog.h"
#include "widgets/EventPane.h"
#include "widgets/StaleNotice.h"

#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QtTest>

#include <memory>

using State = signalr::HubConnection::State;

namespace {

std::unique_ptr<hubsim::EventHubSimulator> startSimulator(quint16 port)
{
    hubsim::SimulatorOptions options;
    options.port = port;
    options.ratePerSecond = 0;
    auto simulator = std::make_unique<hubsim::EventHubSimulator>(options);
    QString error;
    if (!simulator->start(error))
        qFatal("simulator: %s", qPrintable(error));
    return simulator;
}

} // namespace

class TestStaleBanner : public QObject
{
    Q_OBJECT

private slots:
    void bannerWhileDisconnectedAndReconnectNow()
    {
        auto simulator = startSimulator(0);
        const QUrl url = simulator->hubUrl();
        signalr::HubConnectionOptions options;
        options.hubUrl = url;
        options.accessTokenProvider = [] { return QStringLiteral("test-key"); };
        // The next automatic attempt is a minute away: only Reconnect now can bring the
        // connection back within this test.
        options.retryPolicy.delaysMs = {0, 60'000};
        options.retryPolicy.repeatDelayMs = 60'000;
        options.retryPolicy.zeroDelayJitterMs = 0;
        eventhub::EventHubClient client(options);

        const QList<ui::PaneDefinition> definitions = ui::livePaneDefinitions(100);
        ui::EventTableModel model(definitions.first().model);
        model.addEvents({makeEvent(eventhub::EventKind::EntrySignal, 1, {{QStringLiteral("SignalId"), QStringLiteral("S-1")}})});
        ui::EventPane pane(&model, ui::EventPane::Kind::Live);
        ui::StaleNotice notice;
        notice.attach(&pane);
        notice.setConnection(&client.connection());
        pane.resize(800, 300);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        auto *banner = pane.findChild<QWidget *>(QStringLiteral("staleBanner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());

        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(client.connection().state(), State::Connected, 10000);
        QVERIFY(!banner->isVisible());

        // The hub goes away: the first retry fails at once, the next waits a minute.
        simulator.reset();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.connection().nextAttemptAt().isValid(), 10000);
        const QString text = banner->findChild<QLabel *>()->text();
        QVERIFY2(
            QRegularExpression(QStringLiteral("^Disconnected since \\d\\d:\\d\\d:\\d\\d — showing what was received until then$"))
                .match(text)
                .hasMatch(),
            qPrintable(text));
        QCOMPARE(model.rowCount(), 1); // what was received stays

        // The hub is back on the same port; Reconnect now does not wait for the minute.
        simulator = startSimulator(quint16(url.port()));
        auto *reconnect = banner->findChild<QPushButton *>();
        QVERIFY(reconnect && reconnect->isVisible());
        QTest::mouseClick(reconnect, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(client.connection().state(), State::Connected, 10000);
        QVERIFY(!banner->isVisible());
        QVERIFY(!notice.isStale());
    }
};

QTEST_MAIN(TestStaleBanner)
#include "tst_stale_banner.moc"

// The desktop app's settings keys (ui/session/SettingKeys.h): what a setting reads before it
// is written, and that a settings file as earlier versions wrote it (the same keys, values
// read back as text after a restart) still loads. The keys are spelt out here on purpose:
// renaming one in SettingKeys.h would lose what users saved under it.

#include "models/PaneCatalog.h"
#include "session/MonitorSession.h"
#include "session/SettingKeys.h"

#include <QNetworkProxy>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace ui;

class TestSettingKeys : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MesoLiveTest"));
        QCoreApplication::setApplicationName(QStringLiteral("SettingKeysTest"));
    }

    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void aSettingReadsItsDefaultUntilWritten()
    {
        QSettings settings;
        QVERIFY(!settingKeys::LiveRows.isStored(settings));
        QCOMPARE(settingKeys::LiveRows.read(settings), 10000);
        QCOMPARE(settingKeys::StatefulReconnect.read(settings), true);
        QCOMPARE(settingKeys::AlertSound.read(settings), false);
        QCOMPARE(settingKeys::Protocol.read(settings), QStringLiteral("auto"));
        QVERIFY(settingKeys::HistoryFilters.read(settings).isEmpty());

        settingKeys::LiveRows.write(settings, 2500);
        QVERIFY(settingKeys::LiveRows.isStored(settings));
        QCOMPARE(settingKeys::LiveRows.read(settings), 2500);

        const eventhub::EventHubSettings saved = MonitorSession::savedSettings();
        QVERIFY(!saved.isComplete());
        QCOMPARE(saved.hubPath, QStringLiteral("/hubs/events"));
        QCOMPARE(saved.statefulReconnect, true);
        QCOMPARE(saved.allowInsecureHttp, false);
        QCOMPARE(saved.proxy.mode, signalr::ProxySettings::Mode::System);
    }

    void aFileEarlierVersionsWroteStillLoads()
    {
        {
            QSettings file;
            file.setValue(QStringLiteral("connection/instance"), QStringLiteral("https://trader.mesolive.example"));
            file.setValue(QStringLiteral("connection/hubPath"), QStringLiteral("/hubs/custom"));
            file.setValue(QStringLiteral("connection/allowInsecureHttp"), QStringLiteral("true"));
            file.setValue(QStringLiteral("connection/statefulReconnect"), QStringLiteral("false"));
            file.setValue(QStringLiteral("connection/proxy"), QStringLiteral("none"));
            file.setValue(QStringLiteral("connection/caFile"), QStringLiteral("/etc/ssl/company-root.pem"));
            file.setValue(QStringLiteral("connection/protocol"), QStringLiteral("messagepack"));
            file.setValue(QStringLiteral("liveRows"), QStringLiteral("2500"));
            file.setValue(QStringLiteral("display/timeZone"), QStringLiteral("utc"));
            file.setValue(QStringLiteral("alerts/errors"), QStringLiteral("false"));
            file.setValue(QStringLiteral("alerts/sound"), QStringLiteral("true"));
            file.setValue(QStringLiteral("panes/history/filters"),
                          QVariantMap{{QStringLiteral("text"), QStringLiteral("rejected")}});
            file.setValue(QStringLiteral("history/savedFilters"), QVariantMap{{QStringLiteral("SPX errors"), QVariantMap{}}});
            file.setValue(QStringLiteral("store/lastIntegrityCheck"), QStringLiteral("1764770000000"));
        }

        const eventhub::EventHubSettings saved = MonitorSession::savedSettings();
        QCOMPARE(saved.instanceUrl, QUrl(QStringLiteral("https://trader.mesolive.example")));
        QCOMPARE(saved.hubPath, QStringLiteral("/hubs/custom"));
        QCOMPARE(saved.allowInsecureHttp, true);
        QCOMPARE(saved.statefulReconnect, false);
        QCOMPARE(saved.proxy.mode, signalr::ProxySettings::Mode::None);
        QCOMPARE(saved.caFile, QStringLiteral("/etc/ssl/company-root.pem"));

        QSettings settings;
        QCOMPARE(settingKeys::Protocol.read(settings), QStringLiteral("messagepack"));
        QCOMPARE(settingKeys::LiveRows.read(settings), 2500);
        QCOMPARE(settingKeys::TimeZone.read(settings), QStringLiteral("utc"));
        QCOMPARE(settingKeys::AlertErrors.read(settings), false);
        QCOMPARE(settingKeys::AlertEntrySignals.read(settings), true);
        QCOMPARE(settingKeys::AlertSound.read(settings), true);
        QCOMPARE(settingKeys::SavedHistoryFilters.read(settings).keys(), QStringList{QStringLiteral("SPX errors")});
        QCOMPARE(settingKeys::LastIntegrityCheck.read(settings), Q_INT64_C(1764770000000));
        settings.beginGroup(settingKeys::paneGroup(paneIds::History));
        QVERIFY(settingKeys::HistoryFilters.isStored(settings));
        QCOMPARE(settingKeys::HistoryFilters.read(settings).value(QStringLiteral("text")).toString(), QStringLiteral("rejected"));
        settings.endGroup();
    }

    void theConnectionIsReadBackAsSaved()
    {
        eventhub::EventHubSettings chosen;
        chosen.instanceUrl = QUrl(QStringLiteral("https://trader.mesolive.example"));
        chosen.hubPath = QStringLiteral("/hubs/other");
        chosen.allowInsecureHttp = true;
        chosen.statefulReconnect = false;
        chosen.proxy = signalr::ProxySettings::explicitProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy.corp.example"), 3128, QStringLiteral("trader")));
        chosen.caFile = QStringLiteral("/etc/ssl/company-root.pem");
        MonitorSession::saveSettings(chosen);

        const eventhub::EventHubSettings saved = MonitorSession::savedSettings();
        QCOMPARE(saved.instanceUrl, chosen.instanceUrl);
        QCOMPARE(saved.hubPath, chosen.hubPath);
        QCOMPARE(saved.allowInsecureHttp, true);
        QCOMPARE(saved.statefulReconnect, false);
        QCOMPARE(saved.proxy.mode, signalr::ProxySettings::Mode::Explicit);
        QCOMPARE(saved.proxy.proxy.hostName(), QStringLiteral("proxy.corp.example"));
        QCOMPARE(saved.proxy.proxy.port(), quint16(3128));
        QCOMPARE(saved.proxy.proxy.user(), QStringLiteral("trader"));
        QCOMPARE(saved.caFile, chosen.caFile);
    }
};

QTEST_GUILESS_MAIN(TestSettingKeys)
#include "tst_settingkeys.moc"

#include "eventhub/EventHubSettings.h"

#include <QTest>

using eventhub::EventHubSettings;

class TestEventHubSettings : public QObject
{
    Q_OBJECT

private slots:
    void parseInstance_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty = rejected
        QTest::newRow("https url") << "https://example.com:8443" << "https://example.com:8443";
        QTest::newRow("http loopback") << "http://127.0.0.1:5000/" << "http://127.0.0.1:5000";
        QTest::newRow("bare host") << " example.com " << "https://example.com";
        QTest::newRow("upper-case scheme") << "HTTPS://Example.com" << "https://example.com";
        QTest::newRow("path kept") << "https://example.com/tenant/" << "https://example.com/tenant";
        QTest::newRow("empty") << "" << "";
        QTest::newRow("port too large") << "https://example.com:99999" << "";
        QTest::newRow("port zero") << "https://example.com:0" << "";
        QTest::newRow("ftp") << "ftp://example.com" << "";
        QTest::newRow("spaces in host") << "https://hub example com" << "";
        QTest::newRow("user info") << "https://me:pw@example.com" << "";
        QTest::newRow("query") << "https://example.com?x=1" << "";
        QTest::newRow("fragment") << "https://example.com#x" << "";
    }

    void parseInstance()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QUrl url = EventHubSettings::parseInstance(text);
        QCOMPARE(url.isValid() ? url.toString() : QString(), expected);
    }

    void hubUrlJoinsThePath()
    {
        EventHubSettings settings;
        settings.instanceUrl = EventHubSettings::parseInstance("https://example.com/tenant/");
        QCOMPARE(settings.hubUrl().toString(), QString("https://example.com/tenant/hubs/events"));
        settings.hubPath = "custom/hub";
        QCOMPARE(settings.hubUrl().toString(), QString("https://example.com/tenant/custom/hub"));
    }

    void environment()
    {
        qputenv("MESOLIVE_INSTANCE", "example.com");
        qputenv("MESOLIVE_API_KEY", "key");
        const EventHubSettings settings = EventHubSettings::fromEnvironment();
        QCOMPARE(settings.instanceUrl.toString(), QString("https://example.com"));
        QCOMPARE(settings.apiKey, QString("key"));
        QVERIFY(settings.isComplete());
        qunsetenv("MESOLIVE_INSTANCE");
        QVERIFY(!EventHubSettings::fromEnvironment().isComplete());
    }
};

QTEST_GUILESS_MAIN(TestEventHubSettings)
#include "tst_eventhubsettings.moc"

// The connection dialog: validation as you type, the masked key, tab order, and
// "Test connection" against the in-process hub simulator (right key, wrong key, nothing
// listening, a server that never answers, an untrusted certificate, a proxy that wants a
// password or cannot be reached).

#include "ConnectionDialog.h"
#include "TestCertificates.h"
#include "TestProxy.h"
#include "WidgetLookup.h"

#include "eventhub/EventHubClient.h"
#include "hubsim/EventHubSimulator.h"
#include "hubsim/EventLog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QToolButton>

#include <memory>

using eventhub::EventHubSettings;
using ui::ConnectionDialog;

namespace {

QString instanceOf(const QUrl &hubUrl)
{
    return hubUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

// A port on 127.0.0.1 where nothing listens (taken, then released).
quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen");
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<hubsim::EventHubSimulator> startSimulator(const QString &key, qint64 seedHistory = 0)
    {
        hubsim::SimulatorOptions options;
        options.apiKey = key;
        options.ratePerSecond = 0;
        options.seedHistory = seedHistory;
        auto simulator = std::make_unique<hubsim::EventHubSimulator>(options);
        QString error;
        if (!simulator->start(error))
            qFatal("simulator: %s", qPrintable(error));
        return simulator;
    }

    static EventHubSettings settingsFor(const QString &instance, const QString &key,
                                        const QString &hubPath = QStringLiteral("/hubs/events"))
    {
        EventHubSettings settings;
        settings.instanceUrl = EventHubSettings::parseInstance(instance);
        settings.hubPath = hubPath;
        settings.apiKey = key;
        return settings;
    }

    // Runs "Test connection" by clicking the button and waits for its end.
    static QString runTest(ConnectionDialog &dialog, bool *ok = nullptr)
    {
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        auto *button = child<QPushButton>(dialog, "testButton");
        auto *progress = child<QProgressBar>(dialog, "testProgress");
        if (!button->isEnabled())
            qFatal("test button disabled");
        QTest::mouseClick(button, Qt::LeftButton);
        if (!dialog.isTesting() && finished.isEmpty())
            qFatal("no test started");
        if (dialog.isTesting() && !progress->isVisibleTo(&dialog))
            qFatal("no busy indicator while testing");
        if (finished.isEmpty() && !finished.wait(15000))
            qFatal("test did not finish");
        if (progress->isVisibleTo(&dialog) || dialog.isTesting())
            qFatal("still busy after the test");
        if (ok)
            *ok = finished.first().at(0).toBool();
        const QString message = finished.first().at(1).toString();
        qInfo("result: %s", qPrintable(message));
        if (message != dialog.testResultText())
            qFatal("shown text differs from the reported one");
        return message;
    }

private slots:
    void fieldsStartFromCurrentSettings()
    {
        ConnectionDialog dialog(settingsFor("https://hub.example.com:8443", " key-123 ", "/custom/hub"));
        QCOMPARE(child<QLineEdit>(dialog, "instanceEdit")->text(), QStringLiteral("https://hub.example.com:8443"));
        QCOMPARE(child<QLineEdit>(dialog, "hubPathEdit")->text(), QStringLiteral("/custom/hub"));
        const EventHubSettings settings = dialog.settings();
        QCOMPARE(settings.instanceUrl, QUrl("https://hub.example.com:8443"));
        QCOMPARE(settings.hubPath, QStringLiteral("/custom/hub"));
        QCOMPARE(settings.apiKey, QStringLiteral("key-123")); // trimmed
        QCOMPARE(settings.hubUrl(), QUrl("https://hub.example.com:8443/custom/hub"));
        QVERIFY(dialog.isInputValid());
        QVERIFY(dialog.testResultText().isEmpty());
    }

    // Stateful reconnect is asked for unless the user turns it off (issue 20: a hub or a
    // proxy whose resumes misbehave).
    void statefulReconnectIsASetting()
    {
        EventHubSettings current = settingsFor("https://hub.example.com", "k");
        ConnectionDialog on(current);
        QVERIFY(child<QCheckBox>(on, "statefulCheck")->isChecked());
        QVERIFY(on.settings().statefulReconnect);
        current.statefulReconnect = false;
        ConnectionDialog off(current);
        QVERIFY(!child<QCheckBox>(off, "statefulCheck")->isChecked());
        QVERIFY(!off.settings().statefulReconnect);
        child<QCheckBox>(off, "statefulCheck")->setChecked(true);
        QVERIFY(off.settings().statefulReconnect);
        QVERIFY(!eventhub::EventHubClient::connectionOptions(current).statefulReconnect);
    }

    void hubPathDefaultIsShown()
    {
        ConnectionDialog dialog{EventHubSettings()};
        auto *path = child<QLineEdit>(dialog, "hubPathEdit");
        QCOMPARE(path->text(), QStringLiteral("/hubs/events"));
        QCOMPARE(path->placeholderText(), QStringLiteral("/hubs/events"));
        QVERIFY(child<QLabel>(dialog, "hubPathMessage")->text().contains("/hubs/events"));
        path->clear();
        QCOMPARE(dialog.settings().hubPath, QStringLiteral("/hubs/events"));

        path->setText("/hubs/ev ents");
        QVERIFY(path->property("invalid").toBool());
        QVERIFY(child<QLabel>(dialog, "hubPathMessage")->text().contains("cannot contain"));
        child<QLineEdit>(dialog, "instanceEdit")->setText("https://example.com");
        QVERIFY(!dialog.isInputValid());
        path->setText("/hubs/events");
        QVERIFY(!path->property("invalid").toBool());
        QVERIFY(dialog.isInputValid());
    }

    void instanceValidatedAsYouType_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("hubUrl");
        QTest::newRow("https") << "https://hub.example.com" << true << "https://hub.example.com/hubs/events";
        QTest::newRow("bare host") << "hub.example.com" << true << "https://hub.example.com/hubs/events";
        QTest::newRow("http with port") << "http://127.0.0.1:5000" << true << "http://127.0.0.1:5000/hubs/events";
        QTest::newRow("trailing slash") << "https://hub.example.com/" << true << "https://hub.example.com/hubs/events";
        QTest::newRow("ftp") << "ftp://hub.example.com" << false << "";
        QTest::newRow("no host") << "https://" << false << "";
        QTest::newRow("bad port") << "https://hub.example.com:99999" << false << "";
        QTest::newRow("spaces") << "hub example com" << false << "";
        QTest::newRow("port zero") << "https://hub.example.com:0" << false << "";
        QTest::newRow("credentials in the URL") << "https://user:pw@hub.example.com" << false << "";
        QTest::newRow("query") << "https://hub.example.com/?x=1" << false << "";
        QTest::newRow("mixed case") << "HTTPS://Hub.Example.com" << true << "https://hub.example.com/hubs/events";
        QTest::newRow("with a path") << "https://hub.example.com/tenant/" << true << "https://hub.example.com/tenant/hubs/events";
    }

    void instanceValidatedAsYouType()
    {
        QFETCH(QString, typed);
        QFETCH(bool, valid);
        QFETCH(QString, hubUrl);

        ConnectionDialog dialog{EventHubSettings()};
        auto *edit = child<QLineEdit>(dialog, "instanceEdit");
        auto *message = child<QLabel>(dialog, "instanceMessage");
        auto *ok = child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);
        auto *test = child<QPushButton>(dialog, "testButton");

        // Empty: required, but not an error yet.
        QVERIFY(!edit->property("invalid").toBool());
        QVERIFY(message->text().startsWith("Required"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(!test->isEnabled());

        QTest::keyClicks(edit, typed);
        QCOMPARE(edit->text(), typed);
        QCOMPARE(dialog.isInputValid(), valid);
        QCOMPARE(ok->isEnabled(), valid);
        QCOMPARE(test->isEnabled(), valid);
        QCOMPARE(edit->property("invalid").toBool(), !valid);
        QCOMPARE(message->property("invalid").toBool(), !valid);
        const QColor textColor = edit->palette().color(QPalette::Text);
        if (valid) {
            QCOMPARE(dialog.settings().hubUrl().toString(), hubUrl);
            QVERIFY(message->text().contains(hubUrl));
            QCOMPARE(textColor, QApplication::palette(edit).color(QPalette::Text));
        } else {
            QVERIFY(message->text().startsWith("Not a valid instance URL"));
            QVERIFY2(textColor.red() > 150 && textColor.green() < 130, qPrintable(textColor.name()));
            QCOMPARE(message->palette().color(QPalette::WindowText), textColor);
        }

        // Clearing it again is no longer an error, just required.
        edit->clear();
        QVERIFY(!edit->property("invalid").toBool());
        QVERIFY(!ok->isEnabled());
    }

    void plainHttpToAnotherMachineNeedsConfirmation()
    {
        ConnectionDialog dialog{settingsFor("https://hub.example.com", "key", "/hubs/events")};
        auto *edit = child<QLineEdit>(dialog, "instanceEdit");
        auto *confirm = child<QCheckBox>(dialog, "insecureCheck");
        auto *ok = child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);
        QVERIFY(!confirm->isVisibleTo(&dialog));
        QVERIFY(ok->isEnabled());

        edit->setText("http://hub.example.com:8080");
        QVERIFY(confirm->isVisibleTo(&dialog));
        QVERIFY(!confirm->isChecked());
        QVERIFY2(confirm->text().contains("unencrypted") && confirm->text().contains("hub.example.com"),
                 qPrintable(confirm->text()));
        QVERIFY(!dialog.isInputValid());
        QVERIFY(!ok->isEnabled());
        QVERIFY(!child<QPushButton>(dialog, "testButton")->isEnabled());

        confirm->setChecked(true);
        QVERIFY(dialog.isInputValid());
        QVERIFY(ok->isEnabled());
        QVERIFY(dialog.settings().allowInsecureHttp);

        // This machine's loopback needs no confirmation, and https none either.
        for (const char *instance : {"http://127.0.0.1:5000", "http://[::1]:5000", "https://hub.example.com"}) {
            edit->setText(QLatin1String(instance));
            QVERIFY2(!confirm->isVisibleTo(&dialog), instance);
            QVERIFY2(dialog.isInputValid(), instance);
            QVERIFY2(!dialog.settings().allowInsecureHttp, instance);
        }
    }

    void invalidThenCorrected()
    {
        ConnectionDialog dialog{EventHubSettings()};
        auto *edit = child<QLineEdit>(dialog, "instanceEdit");
        QTest::keyClicks(edit, "ftp://x");
        QVERIFY(edit->property("invalid").toBool());
        edit->selectAll();
        QTest::keyClicks(edit, "https://ok.example.com");
        QVERIFY(!edit->property("invalid").toBool());
        QVERIFY(dialog.isInputValid());
    }

    void apiKeyIsAlwaysMasked()
    {
        ConnectionDialog dialog(settingsFor("https://hub.example.com", "secret-key"));
        auto *key = child<QLineEdit>(dialog, "apiKeyEdit");
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QVERIFY(!key->displayText().contains("secret"));
        QVERIFY(key->inputMethodHints().testFlag(Qt::ImhSensitiveData));
        QVERIFY(key->inputMethodHints().testFlag(Qt::ImhHiddenText));
        // No "show password" toggle of any kind (the one check box is stateful reconnect's).
        QVERIFY(key->actions().isEmpty());
        QVERIFY(key->findChildren<QToolButton *>().isEmpty());
        // (The one check box confirms plain http, and is about the connection, not the key.)
        for (QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
            QVERIFY2(!button->isCheckable() || button->objectName() == QLatin1String("insecureCheck")
                         || button->objectName() == QLatin1String("statefulCheck"),
                     qPrintable(button->text()));

        QTest::keyClicks(key, "-more");
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QCOMPARE(dialog.settings().apiKey, QStringLiteral("secret-key-more"));
        QVERIFY(!key->displayText().contains("secret"));
    }

    void apiKeyCannotBeCopied()
    {
        ConnectionDialog dialog(settingsFor("https://hub.example.com", "secret-key"));
        auto *key = child<QLineEdit>(dialog, "apiKeyEdit");
        QClipboard *clipboard = QGuiApplication::clipboard();
        clipboard->setText("sentinel");
        QCOMPARE(clipboard->text(), QStringLiteral("sentinel"));

        key->selectAll();
        QVERIFY(key->hasSelectedText());
        key->copy();
        QTest::keySequence(key, QKeySequence::Copy);
        QCOMPARE(clipboard->text(), QStringLiteral("sentinel"));
        if (clipboard->supportsSelection())
            QVERIFY(!clipboard->text(QClipboard::Selection).contains("secret"));
        QVERIFY(!key->dragEnabled());
    }

    void tabOrder()
    {
        ConnectionDialog dialog(settingsFor("https://hub.example.com", "k"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QApplication::setActiveWindow(&dialog);
        QVERIFY(QTest::qWaitForWindowActive(&dialog));

        auto *instance = child<QLineEdit>(dialog, "instanceEdit");
        auto *buttons = child<QDialogButtonBox>(dialog, "buttonBox");
        const QList<QWidget *> expected{instance,
                                        child<QLineEdit>(dialog, "hubPathEdit"),
                                        child<QLineEdit>(dialog, "apiKeyEdit"),
                                        child<QCheckBox>(dialog, "statefulCheck"),
                                        child<QComboBox>(dialog, "proxyModeCombo"),
                                        child<QLineEdit>(dialog, "caFileEdit"),
                                        child<QPushButton>(dialog, "caFileBrowse"),
                                        child<QPushButton>(dialog, "testButton"),
                                        buttons->button(QDialogButtonBox::Ok),
                                        buttons->button(QDialogButtonBox::Cancel)};
        instance->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), instance);
        for (int i = 1; i < expected.size(); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget(), expected.at(i));
        }
        // Back in a field, OK is the default button again: Enter accepts.
        for (int i = 0; i < 7; ++i)
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), expected.at(2));
        QVERIFY(buttons->button(QDialogButtonBox::Ok)->isDefault());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(accepted.size(), 1);
    }

    void testConnectionWithTheRightKey()
    {
        auto simulator = startSimulator("k", 25);
        const qint64 latest = simulator->log().latestSeqId();
        QVERIFY(latest >= 25);
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "k"));
        dialog.show();
        bool ok = false;
        const QString message = runTest(dialog, &ok);
        QVERIFY2(ok, qPrintable(message));
        QCOMPARE(message, QStringLiteral("Connected: the hub answered; latest EventSeqId %1").arg(latest));
        QVERIFY(!child<QLabel>(dialog, "testResult")->property("invalid").toBool());
        QCOMPARE(child<QPushButton>(dialog, "testButton")->text(), QStringLiteral("&Test connection"));
        // The temporary client goes away and leaves the hub.
        QTRY_VERIFY(dialog.findChildren<eventhub::EventHubClient *>().isEmpty());
        QTRY_COMPARE(simulator->connectionCount(), 0);

        // Editing afterwards drops the stale result.
        QTest::keyClicks(child<QLineEdit>(dialog, "apiKeyEdit"), "x");
        QVERIFY(dialog.testResultText().isEmpty());
    }

    void testConnectionWithAWrongKey()
    {
        auto simulator = startSimulator("k");
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "not-the-key"));
        bool ok = true;
        const QString message = runTest(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(message.contains("refused") && message.contains("API key is wrong"), qPrintable(message));
        QVERIFY(child<QLabel>(dialog, "testResult")->property("invalid").toBool());
        QTRY_VERIFY(dialog.findChildren<eventhub::EventHubClient *>().isEmpty());
    }

    void okAfterAFailedTestAsksFirst()
    {
        auto simulator = startSimulator("k");
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "not-the-key"));
        dialog.show();
        bool ok = true;
        runTest(dialog, &ok);
        QVERIFY(!ok);
        auto *okButton = child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);
        // "No": the dialog stays, nothing is accepted.
        QString asked;
        auto answer = [&asked](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [&asked, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return; // no question asked: `asked` stays empty
                asked = box->text();
                box->button(button)->click();
            });
        };
        answer(QMessageBox::No);
        okButton->click();
        QVERIFY2(asked.contains("API key is wrong"), qPrintable(asked));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        // "Yes": accepted.
        asked.clear();
        answer(QMessageBox::Yes);
        okButton->click();
        QVERIFY(!asked.isEmpty());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        // After an edit the failed result no longer applies: OK goes through at once.
        ConnectionDialog edited(settingsFor(instanceOf(simulator->hubUrl()), "not-the-key"));
        edited.show();
        runTest(edited, &ok);
        QTest::keyClicks(child<QLineEdit>(edited, "apiKeyEdit"), "x");
        child<QDialogButtonBox>(edited, "buttonBox")->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(edited.result(), int(QDialog::Accepted));
    }

    void testConnectionWithNothingListening()
    {
        const quint16 port = closedPort();
        ConnectionDialog dialog(settingsFor(QStringLiteral("http://127.0.0.1:%1").arg(port), "k"));
        bool ok = true;
        const QString message = runTest(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1 refused the connection").arg(port)), qPrintable(message));
    }

    // A hub signed by a CA nobody trusts: the test names who signed the certificate it saw,
    // and passes once the connection trusts that CA (its PEM file).
    void testConnectionShowsTheChainWhenVerificationFails()
    {
        QTemporaryDir directory;
        QString error;
        const auto certificates = TestCertificates::make(directory.path(), error);
        QVERIFY2(certificates, qPrintable(error));
        hubsim::SimulatorOptions options;
        options.apiKey = QStringLiteral("k");
        options.ratePerSecond = 0;
        options.tls = certificates->server;
        hubsim::EventHubSimulator hub(options);
        QVERIFY2(hub.start(error), qPrintable(error));
        EventHubSettings settings = settingsFor(hub.hubUrl().adjusted(QUrl::RemovePath).toString(), "k");
        {
            ConnectionDialog dialog(settings);
            bool ok = true;
            const QString message = runTest(dialog, &ok);
            QVERIFY(!ok);
            QVERIFY2(message.contains(QStringLiteral("CN=localhost — issued by CN=MesoLive Test Root CA")), qPrintable(message));
            QVERIFY2(message.startsWith(QStringLiteral("This computer does not trust the hub's certificate.")),
                     qPrintable(message));
        }
        settings.caFile = certificates->caFile;
        ConnectionDialog dialog(settings);
        bool ok = false;
        const QString message = runTest(dialog, &ok);
        QVERIFY2(ok, qPrintable(message));
    }

    // The dialog's proxy fields are what the test uses: without the password the proxy's 407
    // is told as the proxy's, in words that say what to do; with it the hub answers.
    void testConnectionThroughAProxyThatWantsAPassword()
    {
        auto simulator = startSimulator("k");
        TestProxy proxy(TestProxy::Kind::HttpConnect);
        QVERIFY(proxy.listen());
        proxy.requireCredentials(QStringLiteral("trader"), QStringLiteral("pw"));
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "k"));
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(2); // HTTP
        child<QLineEdit>(dialog, "proxyHostEdit")->setText(QStringLiteral("127.0.0.1"));
        child<QSpinBox>(dialog, "proxyPortSpin")->setValue(proxy.port());
        bool ok = true;
        QString message = runTest(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(message.startsWith(QStringLiteral("The proxy wants a user name and password")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(proxy.port())), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("407")), qPrintable(message));

        child<QLineEdit>(dialog, "proxyUserEdit")->setText(QStringLiteral("trader"));
        child<QLineEdit>(dialog, "proxyPasswordEdit")->setText(QStringLiteral("pw"));
        message = runTest(dialog, &ok);
        QVERIFY2(ok, qPrintable(message));
        QVERIFY(!proxy.tunnelTargets.isEmpty());
    }

    void testConnectionWithAnUnreachableProxy()
    {
        auto simulator = startSimulator("k");
        const quint16 port = closedPort();
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "k"));
        child<QComboBox>(dialog, "proxyModeCombo")->setCurrentIndex(3); // SOCKS5
        child<QLineEdit>(dialog, "proxyHostEdit")->setText(QStringLiteral("127.0.0.1"));
        child<QSpinBox>(dialog, "proxyPortSpin")->setValue(port);
        bool ok = true;
        const QString message = runTest(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(message.startsWith(QStringLiteral("The proxy could not be reached, so the hub was not tried.")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("The proxy 127.0.0.1:%1").arg(port)), qPrintable(message));
    }

    void testConnectionWithAWrongHubPath()
    {
        auto simulator = startSimulator("k");
        ConnectionDialog dialog(settingsFor(instanceOf(simulator->hubUrl()), "k", "/hubs/nothing-here"));
        bool ok = true;
        const QString message = runTest(dialog, &ok);
        QVERIFY(!ok);
        QVERIFY2(message.contains("404"), qPrintable(message));
    }

    void testCanBeCanceled()
    {
        // Accepts the TCP connection and never answers negotiate.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> accepted;
        connect(&silent, &QTcpServer::newConnection, &silent, [&] {
            while (QTcpSocket *socket = silent.nextPendingConnection())
                accepted.append(socket);
        });

        ConnectionDialog dialog(settingsFor(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), "k"));
        dialog.show();
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        auto *button = child<QPushButton>(dialog, "testButton");
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(dialog.isTesting());
        QVERIFY(child<QProgressBar>(dialog, "testProgress")->isVisible());
        QVERIFY(dialog.testResultText().startsWith("Connecting to http://127.0.0.1:"));
        QCOMPARE(button->text(), QStringLiteral("Cancel &test"));
        QTRY_VERIFY(!accepted.isEmpty()); // the request is on its way; the UI keeps running
        QVERIFY(finished.isEmpty());

        QTest::keyClick(button, Qt::Key_Space); // keyboard works for cancel too
        QVERIFY(!dialog.isTesting());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(dialog.testResultText(), QStringLiteral("Test canceled."));
        QVERIFY(!child<QProgressBar>(dialog, "testProgress")->isVisible());
        QCOMPARE(button->text(), QStringLiteral("&Test connection"));
        // The abandoned request is dropped: the server sees its connection closed.
        QTRY_VERIFY(dialog.findChildren<eventhub::EventHubClient *>().isEmpty());
        QTRY_COMPARE(accepted.first()->state(), QAbstractSocket::UnconnectedState);
    }

    void editingCancelsARunningTest()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectionDialog dialog(settingsFor(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), "k"));
        QSignalSpy finished(&dialog, &ConnectionDialog::testFinished);
        dialog.startTest();
        QVERIFY(dialog.isTesting());
        QTest::keyClicks(child<QLineEdit>(dialog, "apiKeyEdit"), "2");
        QVERIFY(!dialog.isTesting());
        QCOMPARE(finished.size(), 1);
        QVERIFY(dialog.testResultText().startsWith("Test canceled"));
    }

    void closingDuringATestIsQuiet()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        auto dialog =
            std::make_unique<ConnectionDialog>(settingsFor(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), "k"));
        QSignalSpy finished(dialog.get(), &ConnectionDialog::testFinished);
        dialog->show();
        dialog->startTest();
        QVERIFY(dialog->isTesting());
        dialog->reject();
        QVERIFY(!dialog->isTesting());
        QVERIFY(finished.isEmpty());
        QCOMPARE(dialog->result(), int(QDialog::Rejected));
        dialog.reset(); // destroying it with the client still closing is safe
    }
};

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"

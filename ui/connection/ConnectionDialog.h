#pragma once

#include "eventhub/EventHubSettings.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace eventhub {
class EventHubClient;
}

namespace ui {

class NetworkSettingsWidget;

// Where the Event Hub is and the key to it: instance URL (checked as you type), hub path and
// API key (masked, never shown or copyable), with a "Test connection" that connects once
// with a temporary client and reports what happened. The dialog neither stores nor reads the
// key anywhere: the caller passes it in and takes settings() out (see CredentialStore).
//
// An http:// instance that is not this machine needs the user's confirmation (insecureCheck,
// shown only then, naming the risk) before OK or the test is possible.
//
// The proxy and a company's certificate file are the NetworkSettingsWidget's (networkSettings);
// a failed test says in plain words whether the proxy or the hub's certificate is the trouble.
//
// Child object names, for tests and style sheets: instanceEdit, instanceMessage, insecureCheck,
// hubPathEdit, hubPathMessage, apiKeyEdit, networkSettings, testButton, testProgress,
// testResult, buttonBox.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDialog)

public:
    // A test that has not finished by then is reported as timed out.
    static constexpr int TestTimeoutMs = 20000;
    // Negotiate, WebSocket opening and handshake each get this long during a test.
    static constexpr int TestStepTimeoutMs = 8000;

    explicit ConnectionDialog(const eventhub::EventHubSettings &current, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // The fields as settings: the parsed instance URL (invalid while the field is), the hub
    // path (the default when left empty) and the key without surrounding white space.
    eventhub::EventHubSettings settings() const;

    // Whether the fields make usable settings (what enables OK and "Test connection").
    bool isInputValid() const;
    bool isTesting() const { return !m_testClient.isNull(); }
    // The last test's result text as shown; empty before any test or after an edit.
    QString testResultText() const;

public slots:
    // Connects with the current fields; does nothing while a test runs or the input is invalid.
    void startTest();
    // Abandons a running test ("Test canceled.").
    void cancelTest();

    void done(int result) override;

signals:
    // A test ended: `ok` when the hub answered; `message` is the text shown.
    void testFinished(bool ok, const QString &message);

private:
    void validate();
    // The instance is plain http:// to another machine: the key would cross the network in clear.
    bool needsInsecureConsent() const;
    void onFieldEdited();
    void finishTest(bool ok, const QString &message);
    void discardTestClient();
    void showResult(const QString &message, bool ok, bool neutral = false);
    void setBusy(bool busy);
    void fitHeight();

    QLineEdit *m_instanceEdit = nullptr;
    QLabel *m_instanceMessage = nullptr;
    QCheckBox *m_insecureCheck = nullptr;
    QLineEdit *m_hubPathEdit = nullptr;
    QLabel *m_hubPathMessage = nullptr;
    QLineEdit *m_apiKeyEdit = nullptr;
    QCheckBox *m_statefulCheck = nullptr;
    NetworkSettingsWidget *m_network = nullptr;
    QPushButton *m_testButton = nullptr;
    QProgressBar *m_testProgress = nullptr;
    QLabel *m_testResult = nullptr;
    QDialogButtonBox *m_buttons = nullptr;

    QPointer<eventhub::EventHubClient> m_testClient;
    // Why the last test of the current values failed; OK then asks before connecting.
    QString m_failedTest;
    QTimer m_testTimeout;
};

} // namespace ui

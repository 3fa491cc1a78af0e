#include "ConnectionDialog.h"

#include "ConnectionFailureText.h"
#include "FieldStyle.h"
#include "NetworkSettingsWidget.h"

#include "eventhub/EventHubClient.h"
#include "signalr/ConnectionError.h"
#include "signalr/CredentialScope.h"
#include "signalr/HubConnection.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace ui {

using eventhub::EventHubClient;
using eventhub::EventHubSettings;
using signalr::ConnectionError;
using signalr::HubConnection;

namespace {

bool isValidHubPath(const QString &text)
{
    static const QRegularExpression forbidden(QStringLiteral("[\\s?#]"));
    return !text.trimmed().contains(forbidden);
}

QString hubPathOrDefault(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isEmpty() ? QString::fromLatin1(EventHubSettings::DefaultHubPath) : trimmed;
}

} // namespace

ConnectionDialog::ConnectionDialog(const EventHubSettings &current, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Event Hub Connection"));

    m_instanceEdit = new QLineEdit(this);
    m_instanceEdit->setObjectName(QStringLiteral("instanceEdit"));
    m_instanceEdit->setPlaceholderText(tr("https://example.mesolive.com"));
    m_instanceEdit->setClearButtonEnabled(true);
    m_instanceEdit->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_instanceEdit->setMinimumWidth(m_instanceEdit->fontMetrics().averageCharWidth() * 52);
    if (current.instanceUrl.isValid())
        m_instanceEdit->setText(current.instanceUrl.toString());

    m_instanceMessage = new QLabel(this);
    m_instanceMessage->setObjectName(QStringLiteral("instanceMessage"));
    m_instanceMessage->setWordWrap(true);

    m_insecureCheck = new QCheckBox(this);
    m_insecureCheck->setObjectName(QStringLiteral("insecureCheck"));
    m_insecureCheck->setChecked(current.allowInsecureHttp);
    m_insecureCheck->setVisible(false);

    m_hubPathEdit = new QLineEdit(this);
    m_hubPathEdit->setObjectName(QStringLiteral("hubPathEdit"));
    m_hubPathEdit->setPlaceholderText(QString::fromLatin1(EventHubSettings::DefaultHubPath));
    m_hubPathEdit->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_hubPathEdit->setText(current.hubPath.trimmed().isEmpty() ? QString::fromLatin1(EventHubSettings::DefaultHubPath)
                                                               : current.hubPath.trimmed());

    m_hubPathMessage = new QLabel(this);
    m_hubPathMessage->setObjectName(QStringLiteral("hubPathMessage"));
    m_hubPathMessage->setWordWrap(true);
    m_hubPathMessage->setTextFormat(Qt::PlainText);

    // The key is only ever masked (the context menu keeps Paste).
    m_apiKeyEdit = new QLineEdit(this);
    m_apiKeyEdit->setObjectName(QStringLiteral("apiKeyEdit"));
    ui::makeSecret(m_apiKeyEdit);
    m_apiKeyEdit->setPlaceholderText(tr("Paste the API key"));
    m_apiKeyEdit->setText(current.apiKey);

    // On by default: a dropped WebSocket then resumes the same connection. Off for a hub or
    // a proxy whose resumes misbehave: a drop makes a new connection and replays.
    m_statefulCheck = new QCheckBox(tr("&Resume dropped connections (stateful reconnect)"), this);
    m_statefulCheck->setObjectName(QStringLiteral("statefulCheck"));
    m_statefulCheck->setChecked(current.statefulReconnect);

    m_network = new NetworkSettingsWidget(current, this);
    m_network->setObjectName(QStringLiteral("networkSettings"));

    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setAutoDefault(false);

    m_testProgress = new QProgressBar(this);
    m_testProgress->setObjectName(QStringLiteral("testProgress"));
    m_testProgress->setRange(0, 0); // busy indicator
    m_testProgress->setTextVisible(false);
    m_testProgress->setMaximumWidth(m_testProgress->fontMetrics().averageCharWidth() * 16);
    m_testProgress->setAccessibleName(tr("Testing the connection"));
    m_testProgress->setVisible(false);

    m_testResult = new QLabel(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_testResult->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testProgress);
    testRow->addStretch(1);

    // A field with its note right under it.
    const auto withNote = [](QWidget *field, QLabel *note) {
        auto *column = new QVBoxLayout;
        column->setSpacing(2);
        column->addWidget(field);
        column->addWidget(note);
        return column;
    };
    const auto buddyLabel = [this](const QString &text, QWidget *buddy) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        return label;
    };

    auto *form = new QFormLayout;
    form->addRow(buddyLabel(tr("&Instance URL:"), m_instanceEdit), withNote(m_instanceEdit, m_instanceMessage));
    form->addRow(QString(), m_insecureCheck);
    form->addRow(buddyLabel(tr("Hub &path:"), m_hubPathEdit), withNote(m_hubPathEdit, m_hubPathMessage));
    form->addRow(tr("API &key:"), m_apiKeyEdit);
    form->addRow(QString(), m_statefulCheck);
    auto *testForm = new QFormLayout;
    testForm->addRow(QString(), testRow);
    testForm->addRow(QString(), m_testResult);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_network);
    layout->addLayout(testForm);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    QPushButton *cancel = m_buttons->button(QDialogButtonBox::Cancel);
    ok->setDefault(true);
    setTabOrder(m_instanceEdit, m_insecureCheck);
    setTabOrder(m_insecureCheck, m_hubPathEdit);
    setTabOrder(m_hubPathEdit, m_apiKeyEdit);
    setTabOrder(m_apiKeyEdit, m_statefulCheck);
    setTabOrder(m_statefulCheck, m_network->firstField());
    setTabOrder(m_network->lastField(), m_testButton);
    setTabOrder(m_testButton, ok);
    setTabOrder(ok, cancel);

    m_testTimeout.setSingleShot(true);
    connect(&m_testTimeout, &QTimer::timeout, this,
            [this] { finishTest(false, tr("The hub did not answer within %1 seconds.").arg(TestTimeoutMs / 1000)); });

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_testButton, &QPushButton::clicked, this, [this] { isTesting() ? cancelTest() : startTest(); });
    for (QLineEdit *edit : {m_instanceEdit, m_hubPathEdit, m_apiKeyEdit})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::onFieldEdited);
    connect(m_insecureCheck, &QCheckBox::toggled, this, &ConnectionDialog::onFieldEdited);
    connect(m_network, &NetworkSettingsWidget::edited, this, &ConnectionDialog::onFieldEdited);

    validate();
    // Start where something is missing.
    if (!settings().isComplete())
        m_instanceEdit->setFocus();
    else if (m_apiKeyEdit->text().isEmpty())
        m_apiKeyEdit->setFocus();
    else
        m_instanceEdit->setFocus();
}

ConnectionDialog::~ConnectionDialog()
{
    discardTestClient();
}

EventHubSettings ConnectionDialog::settings() const
{
    EventHubSettings settings;
    settings.instanceUrl = eventhub::EventHubSettings::parseInstance(m_instanceEdit->text());
    settings.hubPath = hubPathOrDefault(m_hubPathEdit->text());
    settings.apiKey = m_apiKeyEdit->text().trimmed();
    settings.allowInsecureHttp = m_insecureCheck->isChecked() && needsInsecureConsent();
    settings.statefulReconnect = m_statefulCheck->isChecked();
    m_network->applyTo(settings);
    return settings;
}

bool ConnectionDialog::needsInsecureConsent() const
{
    const QUrl instance = eventhub::EventHubSettings::parseInstance(m_instanceEdit->text());
    return instance.isValid() && signalr::CredentialScope::checkCleartext(instance, false).has_value();
}

bool ConnectionDialog::isInputValid() const
{
    return settings().isComplete() && isValidHubPath(m_hubPathEdit->text())
           && (!needsInsecureConsent() || m_insecureCheck->isChecked()) && m_network->isInputValid();
}

QString ConnectionDialog::testResultText() const
{
    return m_testResult->isVisibleTo(this) ? m_testResult->text() : QString();
}

void ConnectionDialog::validate()
{
    const QString instanceText = m_instanceEdit->text().trimmed();
    const EventHubSettings current = settings();
    const bool instanceInvalid = !instanceText.isEmpty() && !current.isComplete();
    ui::markInvalid(m_instanceEdit, instanceInvalid);
    ui::markInvalid(m_instanceMessage, instanceInvalid);
    if (instanceText.isEmpty())
        m_instanceMessage->setText(tr("Required, e.g. https://example.mesolive.com or a host name."));
    else if (instanceInvalid)
        m_instanceMessage->setText(tr("Not a valid instance URL: use https://host[:port] or a host name."));
    else
        m_instanceMessage->setText(tr("Connects to %1").arg(current.hubUrl().toString()));
    m_instanceEdit->setAccessibleDescription(m_instanceMessage->text());

    const bool insecure = needsInsecureConsent();
    if (insecure) {
        m_insecureCheck->setText(
            tr("Send the API key &unencrypted to %1: anyone on the network can read it").arg(current.instanceUrl.host()));
        m_insecureCheck->setToolTip(tr("With http:// the key crosses every network between here and %1 in clear "
                                       "text, and whoever reads it can trade with it. Use https:// unless you trust "
                                       "every network on the way.")
                                        .arg(current.instanceUrl.host()));
    }
    m_insecureCheck->setVisible(insecure);

    const bool pathInvalid = !isValidHubPath(m_hubPathEdit->text());
    ui::markInvalid(m_hubPathEdit, pathInvalid);
    ui::markInvalid(m_hubPathMessage, pathInvalid);
    m_hubPathMessage->setText(pathInvalid ? tr("The hub path cannot contain spaces, \"?\" or \"#\".")
                                          : tr("Default: %1").arg(QString::fromLatin1(EventHubSettings::DefaultHubPath)));
    m_hubPathEdit->setAccessibleDescription(m_hubPathMessage->text());

    const bool valid = isInputValid();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_testButton->setEnabled(valid || isTesting());
    fitHeight();
}

void ConnectionDialog::onFieldEdited()
{
    // A result (or a test under way) is about the old values.
    if (isTesting())
        finishTest(false, tr("Test canceled: the settings changed."));
    else
        m_testResult->setVisible(false);
    m_failedTest.clear();
    validate();
}

void ConnectionDialog::startTest()
{
    if (isTesting() || !isInputValid())
        return;
    const EventHubSettings tested = settings();
    signalr::HubConnectionOptions options = EventHubClient::connectionOptions(tested);
    options.retryInitialConnection = false;
    options.negotiateTimeoutMs = TestStepTimeoutMs;
    options.handshakeTimeoutMs = TestStepTimeoutMs;
    auto *client = new EventHubClient(options, this);
    m_testClient = client;

    HubConnection *connection = &client->connection();
    connect(connection, &HubConnection::connected, this, [this, client] {
        if (m_testClient != client)
            return;
        showResult(tr("Connected; asking the hub for its latest event…"), true, true);
        client->getLatestEventSeqId(client, [this, client](bool ok, qint64 seqId, const QString &error) {
            if (m_testClient != client)
                return;
            if (ok)
                finishTest(true, tr("Connected: the hub answered; latest EventSeqId %1").arg(seqId));
            else
                finishTest(false, tr("Connected, but the hub did not answer GetLatestEventSeqId: %1").arg(error));
        });
    });
    connect(connection, &HubConnection::closed, this, [this, client](const ConnectionError &reason) {
        if (m_testClient != client)
            return;
        finishTest(false, ui::connectionFailureText(reason));
    });

    setBusy(true);
    showResult(tr("Connecting to %1…").arg(tested.hubUrl().toString()), true, true);
    m_testTimeout.start(TestTimeoutMs);
    client->start(); // may end the test at once (closed from within start)
}

void ConnectionDialog::cancelTest()
{
    if (isTesting())
        finishTest(false, tr("Test canceled."));
    m_failedTest.clear(); // not a failure of the values
}

void ConnectionDialog::done(int result)
{
    // Connecting replaces what every pane shows: after a failed test, only when meant.
    if (result == Accepted && !m_failedTest.isEmpty()
        && QMessageBox::question(this, tr("Connect anyway?"),
                                 tr("The connection test failed:\n%1\n\nConnect with these settings anyway? "
                                    "The panes will then show this connection's events.")
                                     .arg(m_failedTest),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
               != QMessageBox::Yes)
        return;
    // Closing the dialog abandons a test quietly.
    m_testTimeout.stop();
    discardTestClient();
    setBusy(false);
    QDialog::done(result);
}

void ConnectionDialog::finishTest(bool ok, const QString &message)
{
    m_testTimeout.stop();
    discardTestClient();
    setBusy(false);
    showResult(message, ok);
    m_failedTest = ok ? QString() : message;
    emit testFinished(ok, message);
}

void ConnectionDialog::discardTestClient()
{
    EventHubClient *client = m_testClient;
    m_testClient = nullptr;
    if (!client)
        return;
    client->disconnect(this);
    client->connection().disconnect(this);
    HubConnection &connection = client->connection();
    if (connection.state() == HubConnection::State::Disconnected) {
        client->deleteLater();
        return;
    }
    // Let it close politely, but not for long; being our child, it goes with us anyway.
    connect(&connection, &HubConnection::closed, client, &QObject::deleteLater);
    QTimer::singleShot(2000, client, &QObject::deleteLater);
    client->stop();
}

void ConnectionDialog::showResult(const QString &message, bool ok, bool neutral)
{
    m_testResult->setText(message);
    ui::markInvalid(m_testResult, !ok && !neutral);
    m_testResult->setVisible(true);
    fitHeight();
}

void ConnectionDialog::fitHeight()
{
    // Wrapped messages need more height at the same width; a dialog that is already shown
    // does not grow by itself, and would clip them.
    if (!layout() || !isVisible())
        return;
    layout()->activate();
    const int needed =
        layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : layout()->totalSizeHint().height();
    if (height() < needed)
        resize(width(), needed);
}

void ConnectionDialog::setBusy(bool busy)
{
    m_testProgress->setVisible(busy);
    m_testButton->setText(busy ? tr("Cancel &test") : tr("&Test connection"));
    m_testButton->setEnabled(busy || isInputValid());
}

} // namespace ui

#include "NetworkSettingsWidget.h"

#include "FieldStyle.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>

namespace ui {

using eventhub::EventHubSettings;
using signalr::ProxySettings;

namespace {

// The ports Qt assumes for http_proxy without one, and SOCKS5's registered port.
constexpr int DefaultHttpProxyPort = 8080;
constexpr int DefaultSocks5ProxyPort = 1080;

// A host name, an IPv4 address or an IPv6 address (with or without brackets); nothing else
// (no scheme, port, path or spaces: those have their own fields or no place).
bool isValidProxyHost(const QString &text)
{
    QString host = text.trimmed();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host.contains(QLatin1Char('/')) || host.contains(QLatin1Char(' ')))
        return false;
    QUrl url;
    url.setHost(host, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty();
}

QString bareHost(const QString &text)
{
    const QString host = text.trimmed();
    return host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')) ? host.mid(1, host.size() - 2) : host;
}

} // namespace

NetworkSettingsWidget::NetworkSettingsWidget(const EventHubSettings &current, QWidget *parent)
    : QGroupBox(tr("Office network"), parent)
{
    m_proxyMode = new QComboBox(this);
    m_proxyMode->setObjectName(QStringLiteral("proxyModeCombo"));
    m_proxyMode->addItem(tr("Use the system's proxy settings"));
    m_proxyMode->addItem(tr("No proxy: connect directly"));
    m_proxyMode->addItem(tr("HTTP proxy"));
    m_proxyMode->addItem(tr("SOCKS5 proxy"));

    m_manualProxy = new QWidget(this);
    m_proxyHost = new QLineEdit(m_manualProxy);
    m_proxyHost->setObjectName(QStringLiteral("proxyHostEdit"));
    m_proxyHost->setPlaceholderText(tr("proxy.example.com"));
    m_proxyHost->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_proxyPort = new QSpinBox(m_manualProxy);
    m_proxyPort->setObjectName(QStringLiteral("proxyPortSpin"));
    m_proxyPort->setRange(1, 65535);
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyUser = new QLineEdit(m_manualProxy);
    m_proxyUser->setObjectName(QStringLiteral("proxyUserEdit"));
    m_proxyUser->setPlaceholderText(tr("only if the proxy asks for one"));
    // Masked like the API key; it goes to the keychain, never to the settings file.
    m_proxyPassword = new QLineEdit(m_manualProxy);
    m_proxyPassword->setObjectName(QStringLiteral("proxyPasswordEdit"));
    makeSecret(m_proxyPassword);

    m_proxyMessage = new QLabel(this);
    m_proxyMessage->setObjectName(QStringLiteral("proxyMessage"));
    m_proxyMessage->setWordWrap(true);
    m_proxyMessage->setTextFormat(Qt::PlainText);

    m_caFile = new QLineEdit(this);
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("optional"));
    m_caFile->setClearButtonEnabled(true);
    m_caFileBrowse = new QPushButton(tr("&Browse…"), this);
    m_caFileBrowse->setObjectName(QStringLiteral("caFileBrowse"));
    m_caFileBrowse->setAutoDefault(false);
    m_caFileMessage = new QLabel(this);
    m_caFileMessage->setObjectName(QStringLiteral("caFileMessage"));
    m_caFileMessage->setWordWrap(true);
    m_caFileMessage->setTextFormat(Qt::PlainText);

    auto *hostAndPort = new QHBoxLayout;
    hostAndPort->addWidget(m_proxyHost, 1);
    hostAndPort->addWidget(new QLabel(tr("Port:"), m_manualProxy));
    hostAndPort->addWidget(m_proxyPort);
    auto *manualForm = new QFormLayout(m_manualProxy);
    manualForm->setContentsMargins(0, 0, 0, 0);
    auto *hostLabel = new QLabel(tr("Proxy &host:"), m_manualProxy);
    hostLabel->setBuddy(m_proxyHost);
    manualForm->addRow(hostLabel, hostAndPort);
    auto *userLabel = new QLabel(tr("Proxy &user:"), m_manualProxy);
    userLabel->setBuddy(m_proxyUser);
    manualForm->addRow(userLabel, m_proxyUser);
    auto *passwordLabel = new QLabel(tr("Proxy pass&word:"), m_manualProxy);
    passwordLabel->setBuddy(m_proxyPassword);
    manualForm->addRow(passwordLabel, m_proxyPassword);

    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_caFileBrowse);

    auto *form = new QFormLayout(this);
    auto *modeLabel = new QLabel(tr("Pro&xy:"), this);
    modeLabel->setBuddy(m_proxyMode);
    form->addRow(modeLabel, m_proxyMode);
    form->addRow(m_manualProxy);
    form->addRow(QString(), m_proxyMessage);
    auto *caLabel = new QLabel(tr("Company &certificate:"), this);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    form->addRow(QString(), m_caFileMessage);

    setTabOrder(m_proxyMode, m_proxyHost);
    setTabOrder(m_proxyHost, m_proxyPort);
    setTabOrder(m_proxyPort, m_proxyUser);
    setTabOrder(m_proxyUser, m_proxyPassword);
    setTabOrder(m_proxyPassword, m_caFile);
    setTabOrder(m_caFile, m_caFileBrowse);

    // The current settings, before the signals are connected.
    switch (current.proxy.mode) {
    case ProxySettings::Mode::System: m_proxyMode->setCurrentIndex(SystemProxy); break;
    case ProxySettings::Mode::None: m_proxyMode->setCurrentIndex(NoProxy); break;
    case ProxySettings::Mode::Explicit: {
        const QNetworkProxy &proxy = current.proxy.proxy;
        m_proxyMode->setCurrentIndex(proxy.type() == QNetworkProxy::Socks5Proxy ? Socks5Proxy : HttpProxy);
        m_proxyHost->setText(proxy.hostName());
        m_proxyPort->setValue(proxy.port());
        m_proxyUser->setText(proxy.user());
        m_proxyPassword->setText(proxy.password());
        break;
    }
    }
    if (current.proxy.mode != ProxySettings::Mode::Explicit)
        m_proxyPort->setValue(DefaultHttpProxyPort);
    m_caFile->setText(current.caFile);

    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, &NetworkSettingsWidget::onProxyChoiceChanged);
    for (QLineEdit *edit : {m_proxyHost, m_proxyUser, m_proxyPassword, m_caFile})
        connect(edit, &QLineEdit::textChanged, this, &NetworkSettingsWidget::validate);
    connect(m_proxyPort, &QSpinBox::valueChanged, this, &NetworkSettingsWidget::validate);
    connect(m_caFileBrowse, &QPushButton::clicked, this, &NetworkSettingsWidget::chooseCaFile);
    validate();
}

NetworkSettingsWidget::ProxyChoice NetworkSettingsWidget::proxyChoice() const
{
    return ProxyChoice(m_proxyMode->currentIndex());
}

QWidget *NetworkSettingsWidget::firstField() const
{
    return m_proxyMode;
}

QWidget *NetworkSettingsWidget::lastField() const
{
    return m_caFileBrowse;
}

void NetworkSettingsWidget::applyTo(EventHubSettings &settings) const
{
    switch (proxyChoice()) {
    case SystemProxy: settings.proxy = ProxySettings::system(); break;
    case NoProxy: settings.proxy = ProxySettings::none(); break;
    case HttpProxy:
    case Socks5Proxy: {
        QNetworkProxy proxy(proxyChoice() == Socks5Proxy ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy,
                            bareHost(m_proxyHost->text()), quint16(m_proxyPort->value()));
        proxy.setUser(m_proxyUser->text().trimmed());
        proxy.setPassword(m_proxyPassword->text());
        settings.proxy = ProxySettings::explicitProxy(proxy);
        break;
    }
    }
    settings.caFile.clear();
    settings.caCertificates.clear();
    if (const QString path = m_caFile->text().trimmed(); !path.isEmpty()) {
        QString unreadable; // shown by validate(); reported again when the connection opens
        if (!settings.readCaFile(path, unreadable))
            settings.caFile = path;
    }
}

bool NetworkSettingsWidget::isProxyValid() const
{
    return (proxyChoice() != HttpProxy && proxyChoice() != Socks5Proxy) || isValidProxyHost(m_proxyHost->text());
}

bool NetworkSettingsWidget::isInputValid() const
{
    if (!isProxyValid())
        return false;
    EventHubSettings probe;
    applyTo(probe);
    return probe.caFile.isEmpty() || !probe.caCertificates.isEmpty();
}

void NetworkSettingsWidget::onProxyChoiceChanged()
{
    // A port nobody typed follows the kind of proxy.
    const int port = m_proxyPort->value();
    if (proxyChoice() == Socks5Proxy && port == DefaultHttpProxyPort)
        m_proxyPort->setValue(DefaultSocks5ProxyPort);
    else if (proxyChoice() == HttpProxy && port == DefaultSocks5ProxyPort)
        m_proxyPort->setValue(DefaultHttpProxyPort);
    validate();
}

void NetworkSettingsWidget::chooseCaFile()
{
    const QString start = m_caFile->text().trimmed().isEmpty() ? QString() : QFileInfo(m_caFile->text().trimmed()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Company root certificate"), start,
                                                      tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        m_caFile->setText(path);
}

void NetworkSettingsWidget::showNote(QLabel *note, const QString &text, bool error)
{
    note->setText(text);
    markInvalid(note, error);
}

void NetworkSettingsWidget::validate()
{
    const ProxyChoice choice = proxyChoice();
    const bool manual = choice == HttpProxy || choice == Socks5Proxy;
    m_manualProxy->setVisible(manual);
    const bool hostInvalid = manual && !m_proxyHost->text().trimmed().isEmpty() && !isProxyValid();
    markInvalid(m_proxyHost, hostInvalid);
    switch (choice) {
    case SystemProxy:
        showNote(m_proxyMessage,
                 tr("As this computer's network settings say (on Linux also https_proxy and no_proxy). "
                    "If the proxy asks for a password, you are asked once."),
                 false);
        break;
    case NoProxy: showNote(m_proxyMessage, tr("Connects straight to the hub, whatever the system's settings say."), false); break;
    case HttpProxy:
    case Socks5Proxy:
        if (m_proxyHost->text().trimmed().isEmpty())
            showNote(m_proxyMessage, tr("Required: the proxy's host name or address, as your IT department gave it."), false);
        else if (hostInvalid)
            showNote(m_proxyMessage, tr("Not a host name or address: enter only the host (the port has its own field)."), true);
        else
            showNote(m_proxyMessage,
                     choice == HttpProxy ? tr("The hub is reached through a tunnel (CONNECT): the proxy never sees the API key.")
                                         : tr("The hub is reached through the SOCKS5 proxy: it never sees the API key."),
                     false);
        break;
    }

    const QString path = m_caFile->text().trimmed();
    if (path.isEmpty()) {
        showNote(m_caFileMessage,
                 tr("Only if your company inspects secure connections: its root certificate (PEM), trusted besides "
                    "this computer's."),
                 false);
    } else {
        EventHubSettings probe;
        QString problem;
        if (probe.readCaFile(path, problem)) {
            const QStringList names = probe.caCertificates.constFirst().subjectInfo(QSslCertificate::CommonName);
            const QString first = names.isEmpty() ? tr("(no name)") : names.join(QStringLiteral(", "));
            showNote(m_caFileMessage,
                     probe.caCertificates.size() == 1 ? tr("Trusts %1 besides this computer's certificates.").arg(first)
                                                      : tr("Trusts %1 and %2 more besides this computer's certificates.")
                                                            .arg(first)
                                                            .arg(probe.caCertificates.size() - 1),
                     false);
        } else {
            showNote(m_caFileMessage, problem, true);
        }
    }
    markInvalid(m_caFile, m_caFileMessage->property("invalid").toBool());
    emit edited();
}

} // namespace ui

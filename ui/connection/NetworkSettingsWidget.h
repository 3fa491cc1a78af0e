#pragma once

#include "eventhub/EventHubSettings.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QWidget;

namespace ui {

// The connection's way through an office network, as the connection dialog shows it: which
// proxy (the system's, none, or an HTTP or SOCKS5 proxy at host:port with an optional user
// name and password) and an extra certificate file (a company's root, trusted besides the
// system's). It only edits: the caller keeps the password in the keychain (CredentialStore),
// never in QSettings.
//
// Child object names, for tests and style sheets: proxyModeCombo, proxyHostEdit,
// proxyPortSpin, proxyUserEdit, proxyPasswordEdit, proxyMessage, caFileEdit, caFileBrowse,
// caFileMessage.
class NetworkSettingsWidget : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkSettingsWidget)

public:
    explicit NetworkSettingsWidget(const eventhub::EventHubSettings &current, QWidget *parent = nullptr);

    // Sets `settings`' proxy (with its password) and CA file with the certificates it holds.
    void applyTo(eventhub::EventHubSettings &settings) const;
    // A manual proxy has a host, and a CA file, when named, holds certificates.
    bool isInputValid() const;
    // The first and last field, for the dialog's tab order.
    QWidget *firstField() const;
    QWidget *lastField() const;

signals:
    // Any field was edited.
    void edited();

private:
    enum ProxyChoice { SystemProxy, NoProxy, HttpProxy, Socks5Proxy };

    ProxyChoice proxyChoice() const;
    bool isProxyValid() const;
    void onProxyChoiceChanged();
    void chooseCaFile();
    void validate();
    void showNote(QLabel *note, const QString &text, bool error);

    QComboBox *m_proxyMode = nullptr;
    QWidget *m_manualProxy = nullptr;
    QLineEdit *m_proxyHost = nullptr;
    QSpinBox *m_proxyPort = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QLineEdit *m_proxyPassword = nullptr;
    QLabel *m_proxyMessage = nullptr;
    QLineEdit *m_caFile = nullptr;
    QPushButton *m_caFileBrowse = nullptr;
    QLabel *m_caFileMessage = nullptr;
};

} // namespace ui

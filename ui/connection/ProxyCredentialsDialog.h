#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QNetworkProxy;

namespace ui {

// Asks for a proxy's user name and password when the proxy wants them (HTTP 407, or a SOCKS5
// proxy's sign-in), naming the proxy, with "Remember in the keychain". OK needs a user name.
//
// Child object names, for tests: proxyPromptMessage, proxyUserEdit, proxyPasswordEdit,
// rememberCheck, buttonBox.
class ProxyCredentialsDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyCredentialsDialog)

public:
    // `refusedBefore`: the proxy did not accept what was given last time, which it says.
    ProxyCredentialsDialog(const QNetworkProxy &proxy, const QString &user, bool refusedBefore, QWidget *parent = nullptr);

    QString user() const;
    QString password() const;
    bool remember() const;

private:
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
};

} // namespace ui

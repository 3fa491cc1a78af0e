#include "ProxyCredentialsDialog.h"

#include "FieldStyle.h"

#include "signalr/ProxySettings.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

ProxyCredentialsDialog::ProxyCredentialsDialog(const QNetworkProxy &proxy, const QString &user, bool refusedBefore,
                                               QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Proxy sign-in"));

    QString text = tr("Your network's proxy (%1) wants a user name and password before MesoLive Monitor can reach "
                      "the hub. They are sent to the proxy only, never to the hub.")
                       .arg(signalr::proxyAddress(proxy));
    if (refusedBefore)
        text.prepend(tr("The proxy did not accept the user name or password. "));
    auto *message = new QLabel(text, this);
    message->setObjectName(QStringLiteral("proxyPromptMessage"));
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    // Wide enough that the explanation reads as a paragraph, not a column.
    message->setMinimumWidth(message->fontMetrics().averageCharWidth() * 56);

    m_user = new QLineEdit(user, this);
    m_user->setObjectName(QStringLiteral("proxyUserEdit"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("proxyPasswordEdit"));
    makeSecret(m_password);
    m_remember = new QCheckBox(tr("&Remember in the keychain"), this);
    m_remember->setObjectName(QStringLiteral("rememberCheck"));
    m_remember->setChecked(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign in"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Do not connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(message);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto enableOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_user->text().trimmed().isEmpty());
    };
    connect(m_user, &QLineEdit::textChanged, this, enableOk);
    enableOk();
    (user.isEmpty() ? m_user : m_password)->setFocus();
}

QString ProxyCredentialsDialog::user() const
{
    return m_user->text().trimmed();
}

QString ProxyCredentialsDialog::password() const
{
    return m_password->text();
}

bool ProxyCredentialsDialog::remember() const
{
    return m_remember->isChecked();
}

} // namespace ui

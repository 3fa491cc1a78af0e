#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace ui {

// The chain a server presented, one line per certificate ("subject — issued by issuer"),
// so that a user whose connection failed verification can tell a company's TLS-inspecting
// proxy (issued by the company's own root) from someone else in the middle. Empty for none.
QString certificateChainText(const QList<QSslCertificate> &chain);

} // namespace ui

#include "ConnectionFailureText.h"

#include "CertificateChainText.h"

#include <QCoreApplication>

namespace ui {

namespace {

using Kind = signalr::ConnectionError::Kind;

QString advice(const signalr::ConnectionError &reason)
{
    switch (reason.kind) {
    case Kind::ProxyUnauthorized:
        return QCoreApplication::translate("ui", "The proxy wants a user name and password, or did not accept the ones "
                                                 "given. Enter the ones your IT department gave you under Office network.");
    case Kind::Proxy:
        return QCoreApplication::translate("ui", "The proxy could not be reached, so the hub was not tried. Check the "
                                                 "proxy's host and port under Office network, or ask your IT department.");
    case Kind::Tls:
        if (reason.peerCertificateChain.isEmpty())
            return {};
        return QCoreApplication::translate(
            "ui", "This computer does not trust the hub's certificate. If your company inspects secure connections, the "
                  "certificates below name it: add its root certificate under Company certificate. If they name "
                  "someone you do not know, do not connect: someone may be listening in.");
    default: return {};
    }
}

} // namespace

QString connectionFailureText(const signalr::ConnectionError &reason)
{
    QString text =
        reason.message.isEmpty() ? QCoreApplication::translate("ui", "The connection closed without an answer.") : reason.message;
    if (const QString first = advice(reason); !first.isEmpty()) {
        text[0] = text[0].toUpper(); // "the proxy ...", now a sentence of its own
        text = first + QLatin1Char('\n') + text;
    }
    // Who signed what the server showed: a company's inspecting proxy, or someone else.
    if (const QString chain = certificateChainText(reason.peerCertificateChain); !chain.isEmpty())
        text += QLatin1Char('\n') + chain;
    return text;
}

} // namespace ui

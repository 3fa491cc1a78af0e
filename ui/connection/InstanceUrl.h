#pragma once

#include <QString>
#include <QUrl>

namespace connectionui {

// EventHubSettings::parseInstance, minus its guesses: it leans on QUrl::fromUserInput,
// which turns text it cannot parse into something else ("https://host:99999" becomes
// "http://https//host:99999"). Accepted only when the text parses strictly as typed (a bare
// host taken as https), with a host, a port from 1 to 65535 if any, and no user name,
// password, query or fragment. Returns an invalid URL otherwise.
QUrl parseInstanceStrictly(const QString &text);

// The instance URL in one spelling: no trailing slash ("https://host/" and "host" both give
// "https://host"); empty for an invalid one.
QString normalizedInstance(const QUrl &instance);

} // namespace connectionui

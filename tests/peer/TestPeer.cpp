#include "TestPeer.h"

#include <QJsonArray>
#include <QTest>

using signalr::HubMessage;
using signalr::server::HubServerConnection;

TestPeer::TestPeer(signalr::server::HubServerOptions options, QObject *parent)
    : QObject(parent)
    , m_server(std::move(options))
{
    if (!m_server.listen(0))
        qFatal("The test peer cannot listen: %s", qPrintable(m_server.errorString()));
    connect(&m_server, &signalr::server::HubServer::connectionOpened, this, [this](HubServerConnection *connection) {
        m_last = connection;
        ++m_opened;
        connect(connection, &HubServerConnection::invocationReceived, this, [this, connection](const HubMessage &message) {
            received.append(message);
            emit messageFromClient(message);
            answer(connection, message);
        });
        connect(connection, &HubServerConnection::messageReceived, this, [this](const HubMessage &message) {
            received.append(message);
            emit messageFromClient(message);
        });
    });
}

bool TestPeer::waitForOpened(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_opened >= count; }, timeoutMs);
}

void TestPeer::answer(HubServerConnection *connection, const HubMessage &message)
{
    if (message.invocationId.isEmpty())
        return; // sent, not invoked: nothing to answer
    if (customAnswer && customAnswer(connection, message))
        return;
    const QString &target = message.target;
    if (target == QLatin1String("Echo"))
        connection->complete(message.invocationId, message.arguments.value(0));
    else if (target == QLatin1String("Add"))
        connection->complete(message.invocationId,
                             message.arguments.value(0).toValue().toDouble() + message.arguments.value(1).toValue().toDouble());
    else if (target == QLatin1String("Fail"))
        connection->fail(message.invocationId, message.arguments.value(0).toValue().toString());
    else if (target == QLatin1String("Token"))
        connection->complete(message.invocationId, connection->accessToken());
    else if (target != QLatin1String("Never"))
        connection->fail(message.invocationId, QStringLiteral("Unknown hub method '%1'").arg(target));
}

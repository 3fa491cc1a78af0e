#include "ReferenceHub.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

ReferenceHub::ReferenceHub(const QStringList &extraArguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DOTNET_CLI_TELEMETRY_OPTOUT"), QStringLiteral("1"));
    environment.insert(QStringLiteral("DOTNET_NOLOGO"), QStringLiteral("1"));
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(QStringLiteral(DOTNET_EXECUTABLE));
    // --exit-on-stdin-eof: should this test crash, the server goes with it.
    m_process.setArguments(QStringList{QStringLiteral(REFERENCE_HUB_DLL), QStringLiteral("--port"), QStringLiteral("0"),
                                       QStringLiteral("--exit-on-stdin-eof")}
                           + extraArguments);
    m_process.start();
    if (!m_process.waitForStarted(10000))
        qFatal("cannot start the reference hub: %s", qPrintable(m_process.errorString()));

    // Up to 30 s: the first start of a .NET app on a cold, busy machine is slow.
    QByteArray output;
    const bool ready = QTest::qWaitFor(
        [&] {
            output += m_process.readAllStandardOutput();
            return output.contains('\n') || m_process.state() == QProcess::NotRunning;
        },
        30000);
    const QByteArray line = output.left(output.indexOf('\n')).trimmed();
    if (!ready || !line.startsWith("READY "))
        qFatal("the reference hub did not start: %s\n%s", line.constData(), qPrintable(log()));
    m_baseUrl = QUrl(QString::fromUtf8(line.mid(6)));
}

ReferenceHub::~ReferenceHub()
{
    m_process.closeWriteChannel();
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    // The server logs only warnings and errors: worth seeing next to a test's output.
    const QString serverLog = log().trimmed();
    if (!serverLog.isEmpty())
        qInfo().noquote() << "reference hub log:\n" << serverLog;
}

QUrl ReferenceHub::hubUrl() const
{
    QUrl url = m_baseUrl;
    url.setPath(QStringLiteral("/hubs/events"));
    return url;
}

QString ReferenceHub::log() const
{
    return QString::fromUtf8(const_cast<QProcess &>(m_process).readAllStandardError());
}

ReferenceHub::Response ReferenceHub::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &bearer)
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(pathAndQuery)));
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("text/plain"));
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, QByteArray());
    // Generous: an emit of many events waits for the clients' Acks when stateful
    // reconnect is on and the server's buffer is full.
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 60000))
        qFatal("the reference hub did not answer %s %s", method.constData(), qPrintable(pathAndQuery));
    Response response{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return response;
}

QPair<qint64, qint64> ReferenceHub::emitEvents(const QString &kind, qint64 strategyId, int count)
{
    const Response response =
        request("POST", QStringLiteral("/control/emit?kind=%1&strategy=%2&count=%3").arg(kind).arg(strategyId).arg(count));
    if (response.status != 200)
        qFatal("emit failed: %d %s", response.status, response.body.constData());
    const QJsonObject range = QJsonDocument::fromJson(response.body).object();
    return {range.value(QLatin1String("first")).toInteger(), range.value(QLatin1String("last")).toInteger()};
}

QStringList ReferenceHub::connectionIds()
{
    QStringList ids;
    for (const QJsonValue &id : QJsonDocument::fromJson(request("GET", QStringLiteral("/control/connections")).body).array())
        ids.append(id.toString());
    return ids;
}

void ReferenceHub::drop(const QString &connectionId)
{
    const Response response = request("POST", QStringLiteral("/control/drop?id=%1").arg(connectionId));
    if (response.status != 200)
        qFatal("drop failed: %d", response.status);
}

void ReferenceHub::abort(const QString &connectionId)
{
    const Response response = request("POST", QStringLiteral("/control/abort?id=%1").arg(connectionId));
    if (response.status != 200)
        qFatal("abort failed: %d", response.status);
}

void ReferenceHub::refuseResume(const QString &connectionId, int status)
{
    const Response response =
        request("POST", QStringLiteral("/control/refuse-resume?id=%1&status=%2").arg(connectionId).arg(status));
    if (response.status != 200)
        qFatal("refuse-resume failed: %d", response.status);
}

void ReferenceHub::rejectNext(const QString &error)
{
    request("POST", QStringLiteral("/control/reject-next?error=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(error))));
}

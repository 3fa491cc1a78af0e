#include "LatestCommand.h"

#include <cstdio>

namespace cli {

void LatestCommand::onConnected()
{
    m_client.getLatestEventSeqId(this, [this](bool ok, qint64 seqId, const QString &error) {
        if (!ok) {
            finish(ExitProtocolOrServer, QStringLiteral("GetLatestEventSeqId failed: %1").arg(error));
            return;
        }
        std::printf("%lld\n", static_cast<long long>(seqId));
        std::fflush(stdout);
        finish(ExitOk);
    });
}

} // namespace cli

#include "StandardOutput.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#ifdef _WIN32
#include <io.h>
#define MESOLIVE_WRITE _write
#else
#include <unistd.h>
#define MESOLIVE_WRITE ::write
#endif

namespace cli {

StandardOutput::Result StandardOutput::write(const QByteArray &bytes, qsizetype &written)
{
    written = 0;
    while (written < bytes.size()) {
        // At most 1 GiB a call: the count is an int on Windows.
        const qsizetype chunk = std::min<qsizetype>(bytes.size() - written, qsizetype(1) << 30);
        const auto result = MESOLIVE_WRITE(1, bytes.constData() + written, static_cast<unsigned>(chunk));
        if (result > 0) {
            written += result;
            continue;
        }
        if (result < 0 && errno == EINTR)
            continue;
        if (result < 0 && errno == EPIPE)
            return Result::ReaderGone;
        m_error = QString::fromLocal8Bit(std::strerror(result < 0 ? errno : EIO));
        return Result::Failed;
    }
    return Result::Written;
}

void StandardOutput::ignoreBrokenPipeSignal()
{
#ifdef SIGPIPE
    std::signal(SIGPIPE, SIG_IGN);
#endif
}

} // namespace cli

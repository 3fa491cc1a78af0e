#pragma once

#include <QByteArray>
#include <QString>

namespace cli {

// Standard output written straight to its file descriptor, so that a failed write says how
// much got out and why: dump advances its stored cursor only past what was printed, and a
// reader that went away (`dump | head`) is told apart from a full disk (once SIGPIPE is
// ignored: ignoreBrokenPipeSignal).
class StandardOutput
{
public:
    enum class Result { Written, ReaderGone, Failed };

    // Writes all of `bytes` unless an error stops it; `written` says how many went out.
    Result write(const QByteArray &bytes, qsizetype &written);
    // Why the last write failed, for a person.
    QString errorString() const { return m_error; }
    // A reader that went away (`dump | head`) then comes back as a failed write instead of
    // SIGPIPE ending the process. Call once, early in main.
    static void ignoreBrokenPipeSignal();

private:
    QString m_error;
};

} // namespace cli

#pragma once

#include <QByteArray>
#include <QString>

// Standard output written straight to its file descriptor, so that a failed write says how
// much got out and why: dump advances its stored cursor only past what was printed, and a
// reader that went away (`dump | head`) is told apart from a full disk. SIGPIPE must be
// ignored (main does) for a closed pipe to come back as an error instead of ending the
// process.
class StandardOutput
{
public:
    enum class Result { Written, ReaderGone, Failed };

    // Writes all of `bytes` unless an error stops it; `written` says how many went out.
    Result write(const QByteArray &bytes, qsizetype &written);
    // Why the last write failed, for a person.
    QString errorString() const { return m_error; }

private:
    QString m_error;
};

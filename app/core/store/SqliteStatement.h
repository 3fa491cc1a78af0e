#pragma once

#include <QByteArrayView>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace store {

// One prepared statement of SQLite's C API, for the store's hot paths: Qt SQL binds every
// value through a QVariant and every text as UTF-16, which SQLite converts back to UTF-8,
// and that was a fifth of a flood's store time (docs/benchmarks.md). Texts and blobs are
// bound without a copy: they must outlive the statement's execution (until reset()).
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Prepared once, kept for the connection's life (SQLITE_PREPARE_PERSISTENT).
    bool prepare(sqlite3 *database, const char *sql);

    void bind(int index, qint64 value);
    void bindNull(int index);
    void bindText(int index, QByteArrayView utf8);
    void bindBlob(int index, QByteArrayView bytes);

    // Runs the statement: true when it finished (SQLITE_DONE) or has a row (SQLITE_ROW,
    // then hasRow()). Call reset() before binding it again.
    bool step();
    bool hasRow() const { return m_hasRow; }
    qint64 columnInt(int column) const;
    QByteArrayView columnBytes(int column) const;
    void reset();

    // The rows the last INSERT or UPDATE on this connection changed.
    int changes() const;
    QString errorText() const;

private:
    sqlite3 *m_database = nullptr;
    sqlite3_stmt *m_handle = nullptr;
    bool m_hasRow = false;
};

} // namespace store

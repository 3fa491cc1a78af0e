#include "SqliteStatement.h"

#include <sqlite3.h>

namespace store {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_handle);
}

bool SqliteStatement::prepare(sqlite3 *database, const char *sql)
{
    m_database = database;
    sqlite3_finalize(m_handle);
    m_handle = nullptr;
    return sqlite3_prepare_v3(database, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_handle, nullptr) == SQLITE_OK;
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_handle, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_handle, index);
}

void SqliteStatement::bindText(int index, QByteArrayView utf8)
{
    // A null view would bind NULL: an empty text stays an empty text.
    sqlite3_bind_text(m_handle, index, utf8.isNull() ? "" : utf8.data(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindBlob(int index, QByteArrayView bytes)
{
    sqlite3_bind_blob(m_handle, index, bytes.isNull() ? "" : bytes.data(), int(bytes.size()), SQLITE_STATIC);
}

bool SqliteStatement::step()
{
    const int result = sqlite3_step(m_handle);
    m_hasRow = result == SQLITE_ROW;
    return m_hasRow || result == SQLITE_DONE;
}

qint64 SqliteStatement::columnInt(int column) const
{
    return sqlite3_column_int64(m_handle, column);
}

QByteArrayView SqliteStatement::columnBytes(int column) const
{
    // Text or blob alike; the pointer first, then the size, as SQLite asks.
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_handle, column));
    return QByteArrayView(data, sqlite3_column_bytes(m_handle, column));
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_handle);
    m_hasRow = false;
}

int SqliteStatement::changes() const
{
    return sqlite3_changes(m_database);
}

QString SqliteStatement::errorText() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_database));
}

} // namespace store

#pragma once

#include "eventhub/Event.h"

#include <QByteArray>

// One event as one line: JSONL in the history envelope shape ({"Kind": ..., "<Kind>": {...}}),
// so dump and history output feed the same tools; or a short human-readable text line.
namespace cli::EventLineFormat {

QByteArray jsonl(const eventhub::Event &event);
void appendJsonl(QByteArray &out, const eventhub::Event &event);
// One line whatever the event holds: control characters, line separators and
// bidirectional overrides from the hub are escaped (\n, \u001b), so the hub cannot move the
// cursor, recolour, retitle or forge lines in the user's terminal.
QByteArray text(const eventhub::Event &event);
// JSON-style escapes (\n, \r, \t, \uXXXX) of what a terminal would act on. Backslashes stay
// as they are: nested objects are shown as JSON, whose escapes would double otherwise; the
// line is for reading, and jsonl is the exact form.
QString escapeForTerminal(const QString &text);

} // namespace cli::EventLineFormat

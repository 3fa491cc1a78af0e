#pragma once

#include "eventhub/Event.h"

#include <QByteArray>

// One event as one line: JSONL in the history envelope shape ({"Kind": ..., "<Kind>": {...}}),
// so dump and history output feed the same tools; or a short human-readable text line.
namespace EventLineFormat {

QByteArray jsonl(const eventhub::Event &event);
void appendJsonl(QByteArray &out, const eventhub::Event &event);
QByteArray text(const eventhub::Event &event);

} // namespace EventLineFormat

#pragma once

#include <QString>

// Builds the benchmark's big store (bench_history.cpp) in minutes instead of most of an
// hour: the app's own schema and row writer (StoreSchema, EventUpsert), but the secondary
// indexes dropped during the load and created again after it (one sort each instead of
// millions of inserts into them), transactions of 250,000 events, no fsync. The file is
// written beside `path` and renamed when complete, so an interrupted build starts over
// instead of leaving a store without its indexes. Returns false (and says why on stderr)
// when it cannot.
bool buildHistoryStore(const QString &path, qint64 events, qint64 stepMs);

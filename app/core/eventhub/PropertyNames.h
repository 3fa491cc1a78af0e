#pragma once

// Property names as System.Text.Json reads them with PropertyNameCaseInsensitive: ASP.NET
// Core's JSON hub protocol writes camelCase unless the hub was configured otherwise, and
// nothing public says which casing MesoLive's hub uses (CONTRACT.md, "Casing"). So the
// client matches names ignoring case, trying the exact name first (the contract's
// PascalCase, the common case and the fast one), and writes PascalCase in its outputs.
//
// ASCII case only: the contract's names are ASCII, and no other character folds to an
// ASCII letter under the invariant culture's rules but two (U+0130, U+212A) that a
// serializer never produces from a C# identifier.

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>

#include <string_view>

namespace eventhub {

bool sameNameIgnoringCase(std::string_view key, std::string_view name);

// object[name], or the first property whose name equals it ignoring case.
QJsonValue valueIgnoringCase(const QJsonObject &object, QLatin1String name);

// The name with its first letter upper case, as the contract writes it ("entrySignal" ->
// "EntrySignal"): the inverse of JsonNamingPolicy.CamelCase for every name that does not
// begin with an acronym.
QString pascalCase(QString name);

// Gives the top-level property names of a JSON object's text (valid JSON, as a parser
// found it) an upper-case first letter, in place; returns whether it changed any. Nested
// objects keep their names: the naming policy leaves dictionary keys alone, and in the
// text a dictionary cannot be told from an object.
bool pascalCaseTopLevelNames(QByteArray &objectJson);

} // namespace eventhub

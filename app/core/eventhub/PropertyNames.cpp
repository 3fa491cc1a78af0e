#include "PropertyNames.h"

#include <algorithm>

namespace eventhub {

namespace {

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// The end of the JSON string whose opening quote is at `at` (the index of its closing quote).
qsizetype stringEnd(const QByteArray &text, qsizetype at)
{
    for (++at; at < text.size(); ++at) {
        if (text.at(at) == '\\')
            ++at;
        else if (text.at(at) == '"')
            return at;
    }
    return at;
}

} // namespace

bool sameNameIgnoringCase(std::string_view key, std::string_view name)
{
    return key.size() == name.size()
           && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return asciiLower(a) == asciiLower(b); });
}

QJsonValue valueIgnoringCase(const QJsonObject &object, QLatin1String name)
{
    const auto exact = object.constFind(name);
    if (exact != object.constEnd())
        return exact.value();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

QString pascalCase(QString name)
{
    if (!name.isEmpty() && name.at(0) >= u'a' && name.at(0) <= u'z')
        name[0] = name.at(0).toUpper();
    return name;
}

bool pascalCaseTopLevelNames(QByteArray &objectJson)
{
    // A string at depth 1 right after '{' or ',' is a name; strings elsewhere are values
    // or nested, and are skipped whole so that their brackets do not count.
    bool changed = false;
    int depth = 0;
    char previous = 0; // the last structural character
    for (qsizetype at = 0; at < objectJson.size(); ++at) {
        const char c = objectJson.at(at);
        switch (c) {
        case '{':
        case '[':
            ++depth;
            previous = c;
            break;
        case '}':
        case ']':
            --depth;
            previous = c;
            break;
        case ',':
        case ':': previous = c; break;
        case '"': {
            const bool isName = depth == 1 && (previous == '{' || previous == ',');
            if (isName && at + 1 < objectJson.size() && objectJson.at(at + 1) >= 'a' && objectJson.at(at + 1) <= 'z') {
                objectJson[at + 1] = char(objectJson.at(at + 1) - 'a' + 'A');
                changed = true;
            }
            at = stringEnd(objectJson, at);
            previous = '"';
            break;
        }
        default: break;
        }
    }
    return changed;
}

} // namespace eventhub

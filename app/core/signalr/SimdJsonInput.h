#pragma once

#include <simdjson.h>

#include <QByteArrayView>
#include <QString>

#include <cstring>
#include <string>
#include <string_view>

namespace signalr {

// simdjson reads up to SIMDJSON_PADDING bytes past the end of its input, and a QByteArray
// has no such slack: text is copied into a padded buffer of one's own before parsing
// (a memcpy, far cheaper than the parse). Each user keeps its own instance, so that the
// text one parse points into is never overwritten by another parse it calls.
class SimdJsonInput
{
public:
    simdjson::padded_string_view pad(QByteArrayView text)
    {
        const size_t size = size_t(text.size());
        if (m_buffer.size() < size + simdjson::SIMDJSON_PADDING)
            m_buffer.resize(size + simdjson::SIMDJSON_PADDING);
        if (size)
            std::memcpy(m_buffer.data(), text.data(), size);
        return simdjson::padded_string_view(m_buffer.data(), size, m_buffer.size());
    }

    // After an unusually large document, gives the memory back (a parser's buffers grow
    // with the largest document it has seen, and so does this one).
    template<typename Parser>
    void release(Parser &parser, size_t documentSize)
    {
        if (documentSize < LargeDocument)
            return;
        m_buffer = std::string();
        parser = Parser();
    }

private:
    static constexpr size_t LargeDocument = 1 << 20;
    std::string m_buffer;
};

// Validates all of `text`. On-Demand checks only what it reads, and cuts the text of a
// value it skips out exactly only when that value is well formed: text that did not come
// validated goes through here first.
inline simdjson::error_code validateJson(simdjson::dom::parser &parser, simdjson::padded_string_view text)
{
    simdjson::dom::element root;
    return parser.parse(reinterpret_cast<const uint8_t *>(text.data()), text.length(), false).get(root);
}

// Calls visit(key, value) for each member of an object, its key unescaped, and stops at the
// first error: simdjson's, or the one visit returns.
template<typename Visit>
simdjson::error_code forEachMember(simdjson::ondemand::object &object, Visit &&visit)
{
    for (auto field : object) {
        std::string_view key;
        simdjson::ondemand::value value;
        if (auto code = field.unescaped_key().get(key))
            return code;
        if (auto code = field.value().get(value))
            return code;
        if (auto code = visit(key, value))
            return code;
    }
    return simdjson::SUCCESS;
}

// Whether an On-Demand document was read to its end (simdjson 3.0 has no at_end()): text
// after the root value makes the whole input invalid.
inline bool documentEnded(simdjson::ondemand::document &document)
{
    return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

inline QByteArray toQByteArray(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// The text of one value, without the whitespace simdjson leaves after a scalar token.
inline std::string_view trimmedJson(std::string_view text)
{
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

} // namespace signalr

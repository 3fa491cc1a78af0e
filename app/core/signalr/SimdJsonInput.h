#pragma once

#include "SharedBytes.h"

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
    // Parses all of `text` with the DOM parser, which checks it whole: its root, valid
    // until `parser` parses again.
    simdjson::error_code parse(simdjson::dom::parser &parser, QByteArrayView text, simdjson::dom::element &root)
    {
        const simdjson::padded_string_view padded = pad(text);
        return parser.parse(reinterpret_cast<const uint8_t *>(padded.data()), padded.length(), false).get(root);
    }
    // The same for a part of a larger buffer (SharedBytes.h), such as a record of a
    // WebSocket message: parsed where it is when the buffer holds enough bytes after it for
    // simdjson's reading ahead ("It does not matter what those bytes are initialized to,
    // as long as they are allocated", its documentation says), else copied like any text.
    simdjson::error_code parse(simdjson::dom::parser &parser, const QByteArray &text, simdjson::dom::element &root)
    {
        return parser.parse(paddedOrInPlace(text), size_t(text.size()), false).get(root);
    }
    // The same into `document`, where the DOM then lives: valid until `document` is parsed
    // into again or destroyed, whatever the parser parses meanwhile.
    simdjson::error_code parse(simdjson::dom::parser &parser, simdjson::dom::document &document, const QByteArray &text,
                               simdjson::dom::element &root)
    {
        return parser.parse_into_document(document, paddedOrInPlace(text), size_t(text.size()), false).get(root);
    }

    // Starts an On-Demand reading of `text`, which checks only what is read of it.
    simdjson::error_code iterate(simdjson::ondemand::parser &parser, QByteArrayView text, simdjson::ondemand::document &document)
    {
        return parser.iterate(pad(text)).get(document);
    }

    // After an unusually large document, gives the memory back (a parser's buffers grow
    // with the largest document it has seen, and so does this one). True when it did: the
    // parser's DOM is gone.
    template<typename Parser>
    bool release(Parser &parser, size_t documentSize)
    {
        if (documentSize < LargeDocument)
            return false;
        m_buffer = std::string();
        parser = Parser();
        return true;
    }

private:
    const uint8_t *paddedOrInPlace(const QByteArray &text)
    {
        const char *bytes = bytesAfter(text) < qsizetype(simdjson::SIMDJSON_PADDING) ? pad(text).data() : text.constData();
        return reinterpret_cast<const uint8_t *>(bytes);
    }

    simdjson::padded_string_view pad(QByteArrayView text)
    {
        const size_t size = size_t(text.size());
        if (m_buffer.size() < size + simdjson::SIMDJSON_PADDING)
            m_buffer.resize(size + simdjson::SIMDJSON_PADDING);
        if (size)
            std::memcpy(m_buffer.data(), text.data(), size);
        return simdjson::padded_string_view(m_buffer.data(), size, m_buffer.size());
    }

    static constexpr size_t LargeDocument = 1 << 20;
    std::string m_buffer;
};

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

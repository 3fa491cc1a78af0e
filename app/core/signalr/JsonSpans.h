#pragma once

#include <simdjson.h>

#include <QByteArrayView>
#include <QVarLengthArray>

#include <cstdint>
#include <string_view>

namespace signalr {

// Where the values of a document simdjson's DOM parser has just parsed are in its text.
// The DOM keeps values, not where they were, but hub messages keep their arguments and
// results as the text the server sent (RawJson): the index of structural characters that
// the parse's first stage left in the parser tells where each value starts and ends. So
// one DOM parse both checks a whole record and finds its parts, where an On-Demand pass
// after the check found them before (a second stage 1 and a skip over every argument).
//
// Valid only until the parser parses again, and only for a document it parsed without
// error: the walk trusts the brackets to match.
class JsonSpans
{
public:
    struct Span
    {
        uint32_t first = 0; // the value's first and last entries in the structural index
        uint32_t last = 0;
        std::string_view text; // the value's text, without the whitespace around it
    };

    JsonSpans(const simdjson::dom::parser &parser, QByteArrayView document);

    // The document's root value.
    Span root() const;

    // Calls visit(child, span) for each child of `container`, whose DOM is `values` (a
    // dom::object, whose children are key_value_pairs, or a dom::array): the DOM's order is
    // the text's.
    template<typename Container, typename Visit>
    void forEachChild(const Span &container, const Container &values, Visit &&visit) const
    {
        const List spans = children(container, values.size());
        qsizetype index = 0;
        for (const auto child : values)
            visit(child, spans.at(index++));
    }

private:
    using List = QVarLengthArray<Span, 16>;

    // The `count` member values (of an object) or elements (of an array) of `container`.
    List children(const Span &container, size_t count) const;
    char at(uint32_t structural) const { return m_text[m_index[structural]]; }
    // The last entry of the value that starts at `first`.
    uint32_t lastOf(uint32_t first) const;
    Span span(uint32_t first, uint32_t last) const;

    const uint32_t *m_index;
    uint32_t m_count;
    std::string_view m_text;
};

} // namespace signalr

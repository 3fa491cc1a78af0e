#include "JsonSpans.h"

#include "SimdJsonInput.h"

#include <array>

namespace signalr {

namespace {

bool opens(char c)
{
    return c == '{' || c == '[';
}

} // namespace

JsonSpans::JsonSpans(const simdjson::dom::parser &parser, QByteArrayView document)
    // Stage 1's output, which stage 2 built the DOM from. simdjson marks the member
    // "[for benchmarking access]"; it is public and the one place that knows positions.
    : m_index(parser.implementation->structural_indexes.get())
    , m_count(parser.implementation->n_structural_indexes)
    , m_text(document.data(), size_t(document.size()))
{}

JsonSpans::Span JsonSpans::root() const
{
    return span(0, m_count - 1);
}

JsonSpans::List JsonSpans::children(const Span &container, size_t count) const
{
    List out;
    const bool object = at(container.first) == '{';
    uint32_t next = container.first + 1;
    for (size_t i = 0; i < count; ++i) {
        if (object)
            next += 2; // the key, then ':'
        // The last child ends just before the container's closing bracket: it is not
        // walked, and a record's arguments (its last property) never are.
        const uint32_t last = i + 1 == count ? container.last - 1 : lastOf(next);
        out.append(span(next, last));
        next = last + 2; // past the ','
    }
    return out;
}

uint32_t JsonSpans::lastOf(uint32_t first) const
{
    // A scalar (a string included: its content is not structural) is one entry.
    if (!opens(at(first)))
        return first;
    // A table instead of comparisons: branches on every bracket mispredicted.
    static constexpr auto depthChange = [] {
        std::array<int8_t, 256> table{};
        table['{'] = table['['] = 1;
        table['}'] = table[']'] = -1;
        return table;
    }();
    int depth = 1;
    uint32_t next = first;
    while (depth > 0 && next + 1 < m_count)
        depth += depthChange[static_cast<unsigned char>(at(++next))];
    return next;
}

JsonSpans::Span JsonSpans::span(uint32_t first, uint32_t last) const
{
    const uint32_t begin = m_index[first];
    // A container ends with its closing bracket; a scalar runs up to the next structural
    // character (or the end of the text), whitespace trimmed.
    const size_t end = opens(at(first))     ? size_t(m_index[last]) + 1
                       : last + 1 < m_count ? size_t(m_index[last + 1])
                                            : m_text.size();
    return {first, last, trimmedJson(m_text.substr(begin, end - begin))};
}

} // namespace signalr

#include "CsvEventWriter.h"

#include "eventhub/EventTime.h"
#include "eventhub/KindFields.h"
#include "signalr/JsonSpans.h"
#include "signalr/SimdJsonInput.h"

#include <QHash>
#include <QIODevice>

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

namespace exporting {

namespace dom = simdjson::dom;

// A row's field cells, read from the payload's text with simdjson's DOM parser: a value's
// cell is written from the parser's tape (a string's unescaped UTF-8, an order's Legs as
// its text, compacted), with no QJsonObject per event and no QString per value, which had
// made the export half as fast (docs/benchmarks.md, figure 6).
class CsvEventWriter::FieldCells
{
public:
    explicit FieldCells(const QStringList &fields)
        : m_values(size_t(fields.size()))
    {
        for (qsizetype column = 0; column < fields.size(); ++column)
            m_column.insert(fields.at(column).toUtf8(), column);
    }

    // The cells of the payload's values, each followed by a comma; a column whose field
    // the payload has not (or a payload that is not a JSON object) gets an empty cell.
    void append(QByteArray &line, const QByteArray &payloadJson);

private:
    struct Value
    {
        dom::element element;
        std::string_view text; // its JSON text, for an object or an array
        bool present = false;
    };

    void appendCell(QByteArray &line, const Value &value);

    QHash<QByteArray, qsizetype> m_column;
    std::vector<Value> m_values;
    signalr::SimdJsonInput m_input;
    dom::parser m_parser;
    QByteArray m_compact;
};

CsvEventWriter::CsvEventWriter(QIODevice &device, const QList<eventhub::EventKind> &kinds)
    : m_device(device)
{
    const auto &everyKind = eventhub::allEventKinds();
    const QList<eventhub::EventKind> exported =
        kinds.isEmpty() ? QList<eventhub::EventKind>(everyKind.begin(), everyKind.end()) : kinds;
    for (const eventhub::EventKind kind : exported) {
        for (const QString &field : eventhub::kindPayloadFields(kind)) {
            if (!m_fields.contains(field))
                m_fields += field;
        }
    }
    m_fieldCells = std::make_unique<FieldCells>(m_fields);
}

CsvEventWriter::~CsvEventWriter() = default;

bool CsvEventWriter::writeHeader()
{
    QByteArray header = "EventSeqId,EventId,EventTime,Kind,StrategyId,StrategyName,";
    for (const QString &field : std::as_const(m_fields)) {
        appendTextCell(header, field.toUtf8());
        header += ',';
    }
    header += "Payload\r\n";
    return m_device.write(header) == header.size();
}

namespace {

// A spreadsheet runs a cell starting with one of these as a formula.
bool startsLikeFormula(QByteArrayView cell)
{
    if (cell.isEmpty())
        return false;
    switch (cell.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n': return true;
    default: return false;
    }
}

} // namespace

QByteArray CsvEventWriter::textCell(const QString &text)
{
    return textCell(text.toUtf8());
}

QByteArray CsvEventWriter::textCell(QByteArray utf8)
{
    QByteArray cell;
    appendTextCell(cell, utf8);
    return cell;
}

void CsvEventWriter::appendTextCell(QByteArray &line, QByteArrayView cell)
{
    const bool guard = startsLikeFormula(cell);
    bool quote = false;
    for (const char c : cell) {
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        const qsizetype at = line.size();
        line.resize(at + (guard ? 1 : 0) + cell.size());
        char *out = line.data() + at;
        if (guard)
            *out++ = '\'';
        if (!cell.isEmpty()) // an empty view's data() may be null, which memcpy must not get
            std::memcpy(out, cell.data(), size_t(cell.size()));
        return;
    }
    // Written into room made once (for the most it can take: every byte a quote to double),
    // a run between quotes at a time: a payload has dozens of quotes, and an append per
    // quote was most of the writer's time (a branchless copy of every byte, 5 % more
    // instructions than memchr and memcpy per quote).
    const qsizetype at = line.size();
    line.resize(at + 3 + 2 * cell.size());
    char *out = line.data() + at;
    *out++ = '"';
    if (guard)
        *out++ = '\'';
    const char *from = cell.data();
    const char *const end = from + cell.size();
    while (const auto *quote = static_cast<const char *>(std::memchr(from, '"', size_t(end - from)))) {
        const size_t run = size_t(quote - from) + 1;
        std::memcpy(out, from, run);
        out += run;
        *out++ = '"';
        from = quote + 1;
    }
    std::memcpy(out, from, size_t(end - from));
    out += end - from;
    *out++ = '"';
    line.resize(out - line.constData());
}

namespace {

// A whole number, or a real one in its shortest form that reads back exactly.
template<typename Number>
void appendNumber(QByteArray &line, Number number)
{
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    line.append(digits, end - digits);
}

// The UTF-8 of a text cell, without a string of its own when it is ASCII (ids, kinds and
// most strategy names are).
void appendStringCell(QByteArray &line, QStringView text)
{
    char ascii[64];
    if (text.size() <= qsizetype(sizeof ascii)) {
        qsizetype i = 0;
        for (; i < text.size() && text[i].unicode() < 0x80; ++i)
            ascii[i] = char(text[i].unicode());
        if (i == text.size()) {
            CsvEventWriter::appendTextCell(line, QByteArrayView(ascii, i));
            return;
        }
    }
    CsvEventWriter::appendTextCell(line, text.toUtf8());
}

// A JSON number as a plain number cell: whole numbers without a point or an exponent (a
// quantity, an id), others in their shortest exact form (598.57, not 598.57000000000005).
void appendNumberCell(QByteArray &line, double number)
{
    constexpr double exactIntegers = 9007199254740992.0; // 2^53
    if (std::floor(number) == number && std::fabs(number) < exactIntegers)
        appendNumber(line, qint64(number));
    else
        appendNumber(line, number);
}

} // namespace

void CsvEventWriter::FieldCells::append(QByteArray &line, const QByteArray &payloadJson)
{
    if (m_values.empty())
        return;
    dom::element root;
    dom::object payload;
    if (!m_input.parse(m_parser, payloadJson, root) && !root.get_object().get(payload)) {
        const signalr::JsonSpans spans(m_parser, payloadJson);
        spans.forEachChild(
            spans.root(), payload, [this](const dom::key_value_pair &member, const signalr::JsonSpans::Span &span) {
                const auto column = m_column.constFind(QByteArray::fromRawData(member.key.data(), qsizetype(member.key.size())));
                if (column != m_column.constEnd())
                    m_values[size_t(column.value())] = {member.value, span.text, true};
            });
    }
    // A row has a few of the dozens of columns: the commas of a run of empty cells go at
    // once (a QByteArray append per comma was a tenth of the export's instructions).
    qsizetype commas = 0;
    for (Value &value : m_values) {
        if (value.present) {
            line.append(commas, ',');
            commas = 0;
            appendCell(line, value);
            value.present = false;
        }
        ++commas;
    }
    line.append(commas, ',');
    m_input.release(m_parser, size_t(payloadJson.size()));
}

void CsvEventWriter::FieldCells::appendCell(QByteArray &line, const Value &value)
{
    switch (value.element.type()) {
    case dom::element_type::INT64: appendNumber(line, value.element.get_int64().value_unsafe()); break;
    case dom::element_type::UINT64: appendNumber(line, value.element.get_uint64().value_unsafe()); break;
    case dom::element_type::DOUBLE: appendNumberCell(line, value.element.get_double().value_unsafe()); break;
    case dom::element_type::STRING: {
        const std::string_view text = value.element.get_string().value_unsafe();
        appendTextCell(line, QByteArrayView(text.data(), qsizetype(text.size())));
        break;
    }
    case dom::element_type::BOOL: line += value.element.get_bool().value_unsafe() ? "true" : "false"; break;
    case dom::element_type::ARRAY:
    case dom::element_type::OBJECT: {
        // Compact, whatever spacing the hub sent: one cell a spreadsheet user can read.
        m_compact.resize(qsizetype(value.text.size()));
        size_t length = 0;
        if (simdjson::minify(value.text.data(), value.text.size(), m_compact.data(), length) != simdjson::SUCCESS)
            length = 0;
        appendTextCell(line, QByteArrayView(m_compact.constData(), qsizetype(length)));
        break;
    }
    case dom::element_type::NULL_VALUE: break;
    }
}

bool CsvEventWriter::write(const eventhub::Event &event)
{
    // resize, not clear: clear() would give the row's room back, to be allocated again.
    m_line.resize(0);
    appendNumber(m_line, event.seqId);
    m_line += ',';
    CsvEventWriter::appendTextCell(m_line, event.eventIdUtf8());
    m_line += ',';
    eventhub::appendEventTime(m_line, event.timeMs);
    m_line += ',';
    appendStringCell(m_line, eventhub::kindDisplayName(event.kind, event.kindName));
    m_line += ',';
    if (event.strategyId >= 0)
        appendNumber(m_line, event.strategyId);
    m_line += ',';
    appendStringCell(m_line, event.strategyName);
    m_line += ',';
    m_fieldCells->append(m_line, event.payloadJson());
    CsvEventWriter::appendTextCell(m_line, event.payloadJson());
    m_line += "\r\n";
    if (m_device.write(m_line) != m_line.size())
        return false;
    ++m_rows;
    return true;
}

} // namespace exporting

#include "JsonHubProtocol.h"

#include "JsonObjectWriter.h"
#include "JsonSpans.h"
#include "SharedBytes.h"
#include "SimdJsonInput.h"
#include "TextRecordFraming.h"

#include <QHash>

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

namespace signalr {

namespace {

namespace dom = simdjson::dom;

constexpr int HighestKnownType = static_cast<int>(HubMessage::Type::Sequence);

// A string property as the record had it: absent, null, a string, or something else.
struct StringField
{
    enum class State { Absent, Null, String, Other } state = State::Absent;
    QString text;
};

// Everything a record may say, gathered in one pass over it (properties come in any
// order, and the type decides afterwards which of them count).
struct RecordFields
{
    bool hasType = false;
    double type = 0;
    StringField invocationId;
    StringField target;
    StringField error;
    bool hasArguments = false;
    bool argumentsIsArray = false;
    // Each argument's DOM and text, as read; they become RawJsons once the whole record is
    // read (takeParsedArguments), as a record may name its arguments more than once.
    QVarLengthArray<std::pair<dom::element, std::string_view>, 2> parsedArguments;
    RawJsonList arguments;
    RawJson item;
    RawJson result;
    bool allowReconnect = false;
    bool hasSequenceId = false;
    double sequenceId = 0;
    bool headersIsObject = true;
    QMap<QString, QString> headers;
};

QString notValidJson(simdjson::error_code code)
{
    return QStringLiteral("A message is not valid JSON (%1).").arg(QString::fromUtf8(simdjson::error_message(code)));
}

// A flood calls the same few methods over and over: their names are decoded once and
// shared (QString is implicitly shared) instead of allocated per message.
QString sharedMethodName(std::string_view text)
{
    // The name found last is tried first: a flood calls one method over and over.
    thread_local QByteArray lastText;
    thread_local QString lastName;
    const QByteArrayView name(text.data(), qsizetype(text.size()));
    if (!lastName.isNull() && name == lastText)
        return lastName;
    thread_local QHash<QByteArray, QString> names;
    auto found = names.constFind(QByteArray::fromRawData(name.data(), name.size()));
    if (found == names.constEnd()) {
        if (names.size() >= 256)
            names.clear(); // bounded against a server that invents method names
        found = names.insert(name.toByteArray(), toQString(text));
    }
    lastText = found.key();
    lastName = found.value();
    return lastName;
}

enum class Sharing { PerMessage, Shared };

// A record's DOM, shared by the arguments cut out of it (RawJson::parsed), so that their
// consumer reads them without parsing their text again. It lives as long as an argument
// holds it; once none does, the next record of the thread is parsed into it again, which
// allocates nothing.
struct ParsedRecord
{
    dom::document document;
    std::vector<dom::element> arguments; // a vector, whose clear() keeps its storage
};

class ParsedRecords
{
public:
    // The record to parse into: the same one as last time unless an argument still holds
    // it (a dom::document is overwritten by the next parse into it, so it is parsed into
    // again only once nothing points into it).
    const std::shared_ptr<ParsedRecord> &take()
    {
        if (!m_spare || m_spare.use_count() > 1)
            m_spare = std::make_shared<ParsedRecord>();
        // The last holder may have let go on another thread: what it read happened before
        // this overwrites it (the release of its count, seen by this acquire).
        std::atomic_thread_fence(std::memory_order_acquire);
        m_spare->arguments.clear();
        return m_spare;
    }
    // After an unusually large record (SimdJsonInput::release): its DOM goes with the last
    // argument that holds it, and the next record gets a new one.
    void forget() { m_spare.reset(); }

private:
    std::shared_ptr<ParsedRecord> m_spare;
};

StringField readString(const dom::element &value, Sharing sharing = Sharing::PerMessage)
{
    StringField field;
    std::string_view text;
    if (!value.get_string().get(text)) {
        field.state = StringField::State::String;
        field.text = sharing == Sharing::Shared ? sharedMethodName(text) : toQString(text);
    } else {
        field.state = value.is_null() ? StringField::State::Null : StringField::State::Other;
    }
    return field;
}

void readNumber(const dom::element &value, bool &present, double &number)
{
    present = !value.get_double().get(number);
}

// Anything but true counts as false, as QJsonValue::toBool(false) had it.
void readFlag(const dom::element &value, bool &flag)
{
    if (value.get_bool().get(flag))
        flag = false;
}

// One record, parsed whole by simdjson's DOM parser: its properties from the DOM, the
// text of its arguments, item, result and non-string headers from where JsonSpans finds
// them (arguments, item and result as parts of the record, sharing its buffer).
// Properties come in any order; the type decides afterwards which of them count.
class RecordReader
{
public:
    RecordReader(const QByteArray &record, const JsonSpans &spans, RecordFields &fields)
        : m_record(record)
        , m_spans(spans)
        , m_fields(fields)
    {}

    void readFields(const dom::object &object)
    {
        m_spans.forEachChild(m_spans.root(), object, [this](const dom::key_value_pair &member, const JsonSpans::Span &span) {
            readField(member.key, member.value, span);
        });
    }

private:
    void readField(std::string_view key, const dom::element &value, const JsonSpans::Span &span)
    {
        if (key == "type")
            readNumber(value, m_fields.hasType, m_fields.type);
        else if (key == "invocationId")
            m_fields.invocationId = readString(value);
        else if (key == "target")
            m_fields.target = readString(value, Sharing::Shared);
        else if (key == "error")
            m_fields.error = readString(value);
        else if (key == "arguments")
            readArguments(value, span);
        else if (key == "item")
            m_fields.item = rawJson(span);
        else if (key == "result")
            m_fields.result = rawJson(span);
        else if (key == "allowReconnect")
            readFlag(value, m_fields.allowReconnect);
        else if (key == "sequenceId")
            readNumber(value, m_fields.hasSequenceId, m_fields.sequenceId);
        else if (key == "headers")
            readHeaders(value, span);
    }

    RawJson rawJson(const JsonSpans::Span &span) const
    {
        return RawJson::fromText(sharedPart(m_record, QByteArrayView(span.text.data(), qsizetype(span.text.size()))));
    }

    void readArguments(const dom::element &value, const JsonSpans::Span &span)
    {
        m_fields.hasArguments = true;
        dom::array array;
        m_fields.argumentsIsArray = !value.get_array().get(array);
        if (!m_fields.argumentsIsArray)
            return;
        m_spans.forEachChild(span, array, [this](const dom::element &element, const JsonSpans::Span &elementSpan) {
            m_fields.parsedArguments.append({element, elementSpan.text});
        });
    }

    void readHeaders(const dom::element &value, const JsonSpans::Span &span)
    {
        if (value.is_null())
            return;
        dom::object object;
        if (value.get_object().get(object)) {
            m_fields.headersIsObject = false;
            return;
        }
        m_spans.forEachChild(span, object, [this](const dom::key_value_pair &member, const JsonSpans::Span &header) {
            // A header that is not a string is kept as its JSON text.
            const StringField text = readString(member.value);
            m_fields.headers.insert(toQString(member.key),
                                    text.state == StringField::State::Other ? toQString(header.text) : text.text);
        });
    }

    const QByteArray &m_record;
    const JsonSpans &m_spans;
    RecordFields &m_fields;
};

// The arguments as RawJsons, parts of the record each with its DOM. Their DOM go into the
// record's vector at once, so that it does not grow (and move) while they point into it.
void takeParsedArguments(const QByteArray &record, const std::shared_ptr<ParsedRecord> &parsed, RecordFields &fields)
{
    std::vector<dom::element> &elements = parsed->arguments; // empty: ParsedRecords::take
    for (const auto &argument : std::as_const(fields.parsedArguments))
        elements.push_back(argument.first);
    for (qsizetype i = 0; i < fields.parsedArguments.size(); ++i) {
        const std::string_view text = fields.parsedArguments[i].second;
        fields.arguments.append(RawJson::fromParsedText(sharedPart(record, QByteArrayView(text.data(), qsizetype(text.size()))),
                                                        std::shared_ptr<const dom::element>(parsed, &elements[size_t(i)])));
    }
}

// Parses the record's envelope; arguments, items and results stay text (RawJson). The
// DOM parse checks all of the record, arguments and results included: an On-Demand pass
// checks only what it reads, and its cut of a broken value's text ran past the value's
// end (tests/fuzz/ found such records). Checked once here, the text is JSON for every
// consumer (RawJson).
bool readRecord(const QByteArray &record, RecordFields &fields, QString &error)
{
    thread_local SimdJsonInput input;
    thread_local dom::parser parser;
    thread_local ParsedRecords parsedRecords;
    const std::shared_ptr<ParsedRecord> &parsed = parsedRecords.take();
    dom::element root;
    dom::object object;
    bool ok = false;
    if (auto code = input.parse(parser, parsed->document, record, root)) {
        error = notValidJson(code);
    } else if (root.get_object().get(object)) {
        error = QStringLiteral("A message is not a JSON object.");
    } else {
        RecordReader(record, JsonSpans(parser, record), fields).readFields(object);
        takeParsedArguments(record, parsed, fields);
        ok = true;
    }
    if (input.release(parser, size_t(record.size())))
        parsedRecords.forget();
    return ok;
}

bool takeString(StringField &field, const char *key, QString &out, QString &error, bool required)
{
    switch (field.state) {
    case StringField::State::String: out = std::move(field.text); return true;
    case StringField::State::Other:
        error = QStringLiteral("The '%1' property must be a string.").arg(QLatin1String(key));
        return false;
    case StringField::State::Absent:
    case StringField::State::Null:
        if (required)
            error = QStringLiteral("The '%1' property is missing.").arg(QLatin1String(key));
        return !required;
    }
    return false;
}

bool takeInvocation(RecordFields &fields, HubMessage &message, QString &error)
{
    if (!takeString(fields.invocationId, "invocationId", message.invocationId, error,
                    message.type == HubMessage::Type::StreamInvocation))
        return false;
    if (!takeString(fields.target, "target", message.target, error, true))
        return false;
    if (!fields.argumentsIsArray) {
        error = QStringLiteral("The 'arguments' property must be an array.");
        return false;
    }
    message.arguments = std::move(fields.arguments);
    return true;
}

bool takeCompletion(RecordFields &fields, HubMessage &message, QString &error)
{
    if (!takeString(fields.invocationId, "invocationId", message.invocationId, error, true))
        return false;
    if (fields.error.state == StringField::State::Other) {
        error = QStringLiteral("The 'error' property must be a string.");
        return false;
    }
    if (fields.error.state == StringField::State::String) {
        message.error = fields.error.text;
        if (message.error.isEmpty())
            message.error = QStringLiteral("The server reported an error without a message.");
        return true;
    }
    message.result = std::move(fields.result);
    return true;
}

bool takeSequenceId(const RecordFields &fields, HubMessage &message, QString &error)
{
    if (!fields.hasSequenceId) {
        error = QStringLiteral("The 'sequenceId' property must be a number.");
        return false;
    }
    // Range first: casting a double outside qint64 is undefined behaviour.
    const double number = fields.sequenceId;
    message.sequenceId = number >= -9.2e18 && number <= 9.2e18 ? qint64(number) : 0;
    return true;
}

// The protocol's type code, or 0 for one that is not a whole number.
int typeCode(double type)
{
    if (!(type >= 0 && type <= 1000) || type != double(int(type)))
        return 0;
    return int(type);
}

} // namespace

std::unique_ptr<RecordFraming> JsonHubProtocol::createFraming(qint64 maxRecordSize) const
{
    return std::make_unique<TextRecordFraming>(maxRecordSize);
}

bool JsonHubProtocol::decode(const QByteArray &record, HubMessage &message, QString &error) const
{
    error.clear();
    // Replaced whole, first: the previous message's arguments let go of their record's DOM,
    // which this record is then parsed into (ParsedRecords).
    message = HubMessage{};
    RecordFields fields;
    if (!readRecord(record, fields, error))
        return false;
    if (!fields.hasType) {
        error = QStringLiteral("A message has no numeric 'type' property.");
        return false;
    }
    const int type = typeCode(fields.type);
    if (type < 1 || type > HighestKnownType)
        return false; // Unknown type: ignored, as the protocol asks for forward compatibility.

    message.type = static_cast<HubMessage::Type>(type);
    if (!fields.headersIsObject) {
        error = QStringLiteral("The 'headers' property must be an object.");
        return false;
    }
    message.headers = std::move(fields.headers);

    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation: return takeInvocation(fields, message, error);
    case HubMessage::Type::StreamItem:
        if (!takeString(fields.invocationId, "invocationId", message.invocationId, error, true))
            return false;
        message.result = std::move(fields.item);
        return true;
    case HubMessage::Type::Completion: return takeCompletion(fields, message, error);
    case HubMessage::Type::CancelInvocation:
        return takeString(fields.invocationId, "invocationId", message.invocationId, error, true);
    case HubMessage::Type::Ping: return true;
    case HubMessage::Type::Close:
        if (!takeString(fields.error, "error", message.error, error, false))
            return false;
        message.allowReconnect = fields.allowReconnect;
        return true;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence: return takeSequenceId(fields, message, error);
    }
    return false;
}

QByteArray JsonHubProtocol::encode(const HubMessage &message) const
{
    // Written out by hand rather than through a QJsonObject, so that arguments and
    // results, already JSON text, are copied in as they are.
    JsonObjectWriter record;
    record.addNumber("type", static_cast<int>(message.type));
    if (!message.headers.isEmpty()) {
        JsonObjectWriter headers;
        for (auto it = message.headers.begin(); it != message.headers.end(); ++it)
            headers.addString(it.key(), it.value());
        record.addRaw("headers", headers.finish());
    }
    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation: {
        // A stream invocation's id is required, even when empty: decode refuses one
        // without it (found by tests/fuzz/).
        if (!message.invocationId.isEmpty() || message.type == HubMessage::Type::StreamInvocation)
            record.addString("invocationId", message.invocationId);
        record.addString("target", message.target);
        QByteArray arguments = "[";
        for (const RawJson &argument : message.arguments) {
            if (arguments.size() > 1)
                arguments += ',';
            arguments += argument.isAbsent() ? QByteArray("null") : argument.text();
        }
        arguments += ']';
        record.addRaw("arguments", arguments);
        break;
    }
    case HubMessage::Type::StreamItem:
        record.addString("invocationId", message.invocationId);
        if (!message.result.isAbsent())
            record.addRaw("item", message.result.text());
        break;
    case HubMessage::Type::Completion:
        record.addString("invocationId", message.invocationId);
        if (!message.error.isEmpty())
            record.addString("error", message.error);
        else if (!message.result.isAbsent())
            record.addRaw("result", message.result.text());
        break;
    case HubMessage::Type::CancelInvocation: record.addString("invocationId", message.invocationId); break;
    case HubMessage::Type::Ping: break;
    case HubMessage::Type::Close:
        if (!message.error.isEmpty())
            record.addString("error", message.error);
        if (message.allowReconnect)
            record.addRaw("allowReconnect", "true");
        break;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence: record.addNumber("sequenceId", message.sequenceId); break;
    }
    return TextRecordFraming::frame(record.finish());
}

} // namespace signalr

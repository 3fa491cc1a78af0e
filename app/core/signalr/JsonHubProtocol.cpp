#include "JsonHubProtocol.h"

#include "JsonObjectWriter.h"
#include "SimdJsonInput.h"
#include "TextRecordFraming.h"

#include <QHash>


namespace signalr {

namespace {

namespace ondemand = simdjson::ondemand;

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
    thread_local QHash<QByteArray, QString> names;
    const auto found = names.constFind(QByteArray::fromRawData(text.data(), qsizetype(text.size())));
    if (found != names.constEnd())
        return found.value();
    if (names.size() >= 256)
        names.clear(); // bounded against a server that invents method names
    return names.insert(toQByteArray(text), toQString(text)).value();
}

enum class Sharing { PerMessage, Shared };

simdjson::error_code readString(ondemand::value &value, StringField &field, Sharing sharing = Sharing::PerMessage)
{
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    if (type == ondemand::json_type::null) {
        field.state = StringField::State::Null;
        return simdjson::SUCCESS;
    }
    if (type != ondemand::json_type::string) {
        field.state = StringField::State::Other;
        return simdjson::SUCCESS;
    }
    std::string_view text;
    if (auto code = value.get_string().get(text))
        return code;
    field.state = StringField::State::String;
    field.text = sharing == Sharing::Shared ? sharedMethodName(text) : toQString(text);
    return simdjson::SUCCESS;
}

simdjson::error_code readRaw(ondemand::value &value, RawJson &raw)
{
    std::string_view text;
    if (auto code = simdjson::to_json_string(value).get(text))
        return code;
    raw = RawJson::fromText(toQByteArray(trimmedJson(text)));
    return simdjson::SUCCESS;
}

simdjson::error_code readNumber(ondemand::value &value, bool &present, double &number)
{
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    if (type != ondemand::json_type::number)
        return simdjson::SUCCESS;
    if (auto code = value.get_double().get(number))
        return code;
    present = true;
    return simdjson::SUCCESS;
}

// Anything but true counts as false, as QJsonValue::toBool(false) had it.
bool readFlag(ondemand::value &value)
{
    bool flag = false;
    return !value.get_bool().get(flag) && flag;
}

simdjson::error_code readArguments(ondemand::value &value, RecordFields &fields)
{
    fields.hasArguments = true;
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    if (type != ondemand::json_type::array)
        return simdjson::SUCCESS;
    fields.argumentsIsArray = true;
    ondemand::array array;
    if (auto code = value.get_array().get(array))
        return code;
    for (auto element : array) {
        ondemand::value argument;
        if (auto code = element.get(argument))
            return code;
        RawJson raw;
        if (auto code = readRaw(argument, raw))
            return code;
        fields.arguments.append(std::move(raw));
    }
    return simdjson::SUCCESS;
}

simdjson::error_code readHeaders(ondemand::value &value, RecordFields &fields)
{
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    if (type == ondemand::json_type::null)
        return simdjson::SUCCESS;
    if (type != ondemand::json_type::object) {
        fields.headersIsObject = false;
        return simdjson::SUCCESS;
    }
    ondemand::object object;
    if (auto code = value.get_object().get(object))
        return code;
    return forEachMember(object, [&fields](std::string_view key, ondemand::value &headerValue) {
        StringField text;
        if (auto code = readString(headerValue, text))
            return code;
        if (text.state == StringField::State::Other) {
            RawJson raw;
            if (auto code = readRaw(headerValue, raw))
                return code;
            text.text = QString::fromUtf8(raw.text());
        }
        fields.headers.insert(toQString(key), text.text);
        return simdjson::SUCCESS;
    });
}

simdjson::error_code readFields(ondemand::object &object, RecordFields &fields)
{
    return forEachMember(object, [&fields](std::string_view key, ondemand::value &value) {
        simdjson::error_code code = simdjson::SUCCESS;
        if (key == "type")
            code = readNumber(value, fields.hasType, fields.type);
        else if (key == "invocationId")
            code = readString(value, fields.invocationId);
        else if (key == "target")
            code = readString(value, fields.target, Sharing::Shared);
        else if (key == "error")
            code = readString(value, fields.error);
        else if (key == "arguments")
            code = readArguments(value, fields);
        else if (key == "item")
            code = readRaw(value, fields.item);
        else if (key == "result")
            code = readRaw(value, fields.result);
        else if (key == "allowReconnect")
            fields.allowReconnect = readFlag(value);
        else if (key == "sequenceId")
            code = readNumber(value, fields.hasSequenceId, fields.sequenceId);
        else if (key == "headers")
            code = readHeaders(value, fields);
        return code;
    });
}

// Parses the record's envelope; arguments, items and results stay text (RawJson).
bool readRecord(QByteArrayView record, RecordFields &fields, QString &error)
{
    thread_local SimdJsonInput input;
    thread_local simdjson::dom::parser validator;
    thread_local ondemand::parser parser;
    const simdjson::padded_string_view padded = input.pad(record);
    // The whole record is validated first, arguments and results included: on a broken
    // argument On-Demand's cut of its text can run past its end (tests/fuzz/ found such
    // records), and every consumer of the raw text would inherit the damage. Validated
    // once here, the text is JSON for all of them (RawJson).
    if (auto code = validateJson(validator, padded)) {
        input.release(validator, size_t(record.size()));
        error = notValidJson(code);
        return false;
    }
    ondemand::document document;
    simdjson::error_code code = parser.iterate(padded).get(document);
    ondemand::object object;
    if (!code) {
        code = document.get_object().get(object);
        if (code == simdjson::INCORRECT_TYPE) {
            error = QStringLiteral("A message is not a JSON object.");
            return false;
        }
    }
    if (!code)
        code = readFields(object, fields);
    if (!code && !documentEnded(document))
        code = simdjson::TRAILING_CONTENT;
    input.release(parser, size_t(record.size()));
    input.release(validator, size_t(record.size()));
    if (code) {
        error = notValidJson(code);
        return false;
    }
    return true;
}

bool takeString(StringField &field, const char *key, QString &out, QString &error, bool required)
{
    switch (field.state) {
    case StringField::State::String:
        out = std::move(field.text);
        return true;
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

bool JsonHubProtocol::decode(QByteArrayView record, HubMessage &message, QString &error) const
{
    error.clear();
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

    message = HubMessage{};
    message.type = static_cast<HubMessage::Type>(type);
    if (!fields.headersIsObject) {
        error = QStringLiteral("The 'headers' property must be an object.");
        return false;
    }
    message.headers = std::move(fields.headers);

    switch (message.type) {
    case HubMessage::Type::Invocation:
    case HubMessage::Type::StreamInvocation:
        return takeInvocation(fields, message, error);
    case HubMessage::Type::StreamItem:
        if (!takeString(fields.invocationId, "invocationId", message.invocationId, error, true))
            return false;
        message.result = std::move(fields.item);
        return true;
    case HubMessage::Type::Completion:
        return takeCompletion(fields, message, error);
    case HubMessage::Type::CancelInvocation:
        return takeString(fields.invocationId, "invocationId", message.invocationId, error, true);
    case HubMessage::Type::Ping:
        return true;
    case HubMessage::Type::Close:
        if (!takeString(fields.error, "error", message.error, error, false))
            return false;
        message.allowReconnect = fields.allowReconnect;
        return true;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence:
        return takeSequenceId(fields, message, error);
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
    case HubMessage::Type::CancelInvocation:
        record.addString("invocationId", message.invocationId);
        break;
    case HubMessage::Type::Ping:
        break;
    case HubMessage::Type::Close:
        if (!message.error.isEmpty())
            record.addString("error", message.error);
        if (message.allowReconnect)
            record.addRaw("allowReconnect", "true");
        break;
    case HubMessage::Type::Ack:
    case HubMessage::Type::Sequence:
        record.addNumber("sequenceId", message.sequenceId);
        break;
    }
    return TextRecordFraming::frame(record.finish());
}

} // namespace signalr

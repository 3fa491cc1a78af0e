#include "CheckedJson.h"

#include "SimdJsonInput.h"

namespace signalr {

namespace {

namespace ondemand = simdjson::ondemand;

// The DOM parser's limit (simdjson::DEFAULT_MAX_DEPTH): deeper text is refused as it would
// be there, and the recursion below stays bounded.
constexpr int MaxDepth = int(simdjson::DEFAULT_MAX_DEPTH);

simdjson::error_code checkAt(ondemand::value &value, int depth)
{
    if (depth > MaxDepth)
        return simdjson::DEPTH_ERROR;
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        if (auto code = value.get_object().get(object))
            return code;
        return forEachMember(object, [depth](std::string_view, ondemand::value &member) {
            return checkAt(member, depth + 1);
        });
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (auto code = value.get_array().get(array))
            return code;
        return forEachElement(array, [depth](ondemand::value &item) { return checkAt(item, depth + 1); });
    }
    case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text);
    }
    case ondemand::json_type::number: {
        ondemand::number number;
        return value.get_number().get(number);
    }
    case ondemand::json_type::boolean: {
        bool flag;
        return value.get_bool().get(flag);
    }
    case ondemand::json_type::null: {
        // type() looked at the first letter only; is_null() reads the whole word.
        bool isNull = false;
        if (auto code = value.is_null().get(isNull))
            return code;
        return isNull ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    }
    return simdjson::TAPE_ERROR;
}

} // namespace

simdjson::error_code checkValue(ondemand::value &value)
{
    return checkAt(value, 1);
}

simdjson::error_code checkedText(ondemand::document &document, ondemand::value &value, std::string_view &text)
{
    ondemand::json_type type;
    if (auto code = value.type().get(type))
        return code;
    // A scalar's token is its text; a container's starts with its token, '{' or '['.
    const std::string_view token = value.raw_json_token();
    if (auto code = checkValue(value))
        return code;
    if (type != ondemand::json_type::object && type != ondemand::json_type::array) {
        text = trimmedJson(token);
        return simdjson::SUCCESS;
    }
    // Read to its closing bracket, the iteration stands at what follows the container:
    // inside an object or array, always a comma or a closing bracket.
    const char *end = nullptr;
    if (auto code = document.current_location().get(end))
        return code;
    text = trimmedJson(std::string_view(token.data(), size_t(end - token.data())));
    return simdjson::SUCCESS;
}

} // namespace signalr

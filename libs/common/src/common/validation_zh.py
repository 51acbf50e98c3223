"""Chinese for the framework's validation errors — 校验错误的中文说明 (DOMAIN X4).

Pydantic writes its messages in English only. Every error type pydantic-core can raise
(``pydantic_core.list_all_errors()``; a test keeps this table complete) has a Chinese
message here, with the error's context (lengths, bounds, allowed values) filled in.
A validator of ours says its own Chinese ("English / 中文") and never comes here.
"""

from __future__ import annotations

import string
from typing import Any, Final

__all__ = ["MESSAGES_ZH", "message_zh"]

MESSAGES_ZH: Final[dict[str, str]] = {
    "no_such_attribute": "对象没有属性 {attribute}",
    "json_invalid": "JSON 格式无效",
    "json_type": "JSON 输入应为字符串或字节",
    "needs_python_object": "此项无法从 JSON 校验",
    "recursion_loop": "数据存在循环引用",
    "recursion_depth_exceeded": "数据嵌套层级过深",
    "missing": "缺少必填字段",
    "frozen_field": "该字段不可修改",
    "frozen_instance": "该对象不可修改",
    "extra_forbidden": "不允许的多余字段",
    "invalid_key": "键必须是字符串",
    "get_attribute_error": "读取属性出错",
    "model_type": "应为对象（字典）",
    "model_attributes_type": "应为对象（字典）",
    "dataclass_type": "应为对象（字典）",
    "dataclass_exact_type": "应为对象（字典）",
    "named_tuple_type": "应为元组、列表或对象",
    "default_factory_not_called": "其他字段有误，无法计算该字段的默认值",
    "none_required": "应为空值（null）",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "finite_number": "应为有限数值",
    "too_short": "至少应有 {min_length} 项，实际 {actual_length} 项",
    "too_long": "最多允许 {max_length} 项，实际 {actual_length} 项",
    "iterable_type": "应为可迭代的列表",
    "iteration_error": "读取列表出错",
    "string_type": "应为字符串",
    "string_unicode": "应为有效的 Unicode 字符串",
    "string_too_short": "长度至少为 {min_length} 个字符",
    "string_too_long": "长度最多为 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符合要求（{pattern}）",
    "string_not_ascii": "只能包含 ASCII 字符",
    "enum": "取值应为 {expected} 之一",
    "dict_type": "应为对象（字典）",
    "frozen_dict_type": "应为对象（字典）",
    "ordered_dict_type": "应为对象（字典）",
    "counter_type": "应为计数对象（字典）",
    "mapping_type": "应为对象（字典）",
    "list_type": "应为列表",
    "deque_type": "应为列表",
    "tuple_type": "应为列表（元组）",
    "set_type": "应为集合（列表）",
    "set_item_not_hashable": "集合中的元素无效",
    "bool_type": "应为布尔值",
    "bool_parsing": "应为布尔值（true 或 false）",
    "int_type": "应为整数",
    "int_parsing": "应为整数，无法解析该文本",
    "int_parsing_size": "整数位数超出允许范围",
    "int_from_float": "应为整数，不能有小数部分",
    "float_type": "应为数值",
    "float_parsing": "应为数值，无法解析该文本",
    "bytes_type": "应为字节数据",
    "bytes_too_short": "至少应有 {min_length} 个字节",
    "bytes_too_long": "最多允许 {max_length} 个字节",
    "bytes_invalid_encoding": "应为有效的 {encoding} 编码数据",
    "value_error": "取值无效",
    "assertion_error": "校验未通过",
    "literal_error": "取值应为 {expected} 之一",
    "missing_sentinel_error": "应为 MISSING 标记",
    "ellipsis_error": "应为省略号（Ellipsis）",
    "date_type": "应为日期",
    "date_parsing": "应为 YYYY-MM-DD 格式的有效日期",
    "date_from_datetime_parsing": "应为有效的日期或日期时间",
    "date_from_datetime_inexact": "日期时间转为日期时，时间部分必须为零",
    "date_past": "日期应在过去",
    "date_future": "日期应在将来",
    "time_type": "应为时间",
    "time_parsing": "应为有效的时间格式",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为有效的日期时间（ISO 8601）",
    "datetime_object_invalid": "日期时间对象无效",
    "datetime_from_date_parsing": "应为有效的日期时间或日期",
    "datetime_past": "时间应在过去",
    "datetime_future": "时间应在将来",
    "timezone_naive": "不应带时区",
    "timezone_aware": "应带时区（如 +08:00）",
    "timezone_offset": "时区偏移应为 {tz_expected}，实际为 {tz_actual}",
    "time_delta_type": "应为时长",
    "time_delta_parsing": "应为有效的时长",
    "frozen_set_type": "应为集合（列表）",
    "is_instance_of": "类型不符合要求",
    "is_subclass_of": "类型不符合要求",
    "callable_type": "应为可调用对象",
    "union_tag_invalid": "{discriminator} 的取值 {tag} 无效，应为 {expected_tags} 之一",
    "union_tag_not_found": "无法根据 {discriminator} 判断类型",
    "arguments_type": "参数应为列表或对象",
    "missing_argument": "缺少必填参数",
    "unexpected_keyword_argument": "不允许的参数",
    "missing_keyword_only_argument": "缺少必填参数",
    "unexpected_positional_argument": "不允许的参数",
    "missing_positional_only_argument": "缺少必填参数",
    "multiple_argument_values": "参数重复",
    "url_type": "应为网址",
    "url_parsing": "应为有效的网址",
    "url_syntax_violation": "网址不符合语法规则",
    "url_too_long": "网址最多 {max_length} 个字符",
    "url_scheme": "网址协议应为 {expected_schemes}",
    "uuid_type": "应为 UUID",
    "uuid_parsing": "应为有效的 UUID",
    "uuid_version": "应为第 {expected_version} 版 UUID",
    "decimal_type": "应为十进制数",
    "decimal_parsing": "应为有效的十进制数",
    "decimal_max_digits": "总位数最多 {max_digits} 位",
    "decimal_max_places": "小数最多 {decimal_places} 位",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "fraction_type": "应为分数",
    "fraction_parsing": "应为有效的分数",
    "complex_type": "应为复数",
    "complex_str_parsing": "应为有效的复数文本",
}

_FALLBACK: Final = "取值无效"


class _Context(dict[str, Any]):
    """Missing context keys render as nothing rather than failing the refusal."""

    def __missing__(self, key: str) -> str:
        return ""


def _zh_value(value: Any) -> Any:
    # pydantic joins allowed values as "'a', 'b' or 'c'"
    return value.replace(" or ", "、") if isinstance(value, str) else value


def message_zh(error_type: str, ctx: dict[str, Any] | None) -> str:
    """The Chinese message for one pydantic error (its ``type`` and ``ctx``)."""
    template = MESSAGES_ZH.get(error_type, _FALLBACK)
    context = _Context({k: _zh_value(v) for k, v in (ctx or {}).items()})
    return string.Formatter().vformat(template, (), context)

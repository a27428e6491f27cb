"""Import problems as message codes, each with a Chinese and an English text."""

from __future__ import annotations

from typing import Any

# code: (zh-Hans, English). Placeholders are filled with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # The file as a whole.
    "file_empty": ("文件为空，没有表头行", "The file is empty: there is no header row"),
    "file_type": (
        "不支持的文件类型“{suffix}”，请上传 .xlsx 或 .csv 文件",
        "Unsupported file type “{suffix}”: upload an .xlsx or .csv file",
    ),
    "file_encoding": (
        "无法识别的文件编码（{detected}）：CSV 文件须为 UTF-8（可带 BOM）或 GB18030 编码，"
        "请在 Excel 中另存为“CSV UTF-8”",
        "Unrecognised encoding ({detected}): a CSV file must be UTF-8 (with or without BOM) "
        "or GB18030; in Excel, save it as “CSV UTF-8”",
    ),
    "file_unreadable": ("无法读取文件：{detail}", "The file cannot be read: {detail}"),
    "file_too_large": (
        "文件过大（{size} 字节），上限为 {limit} 字节",
        "The file is too large ({size} bytes); the limit is {limit} bytes",
    ),
    "column_missing": ("缺少必需的列“{column}”", "The required column “{column}” is missing"),
    "column_duplicate": (
        "列“{column}”出现了不止一次（第 {first} 列和第 {second} 列）",
        "The column “{column}” appears more than once (columns {first} and {second})",
    ),
    "column_unknown": (
        "无法识别的列“{column}”，已忽略",
        "Unknown column “{column}”: ignored",
    ),
    "forbidden": (
        "您的角色没有导入权限",
        "Your role is not allowed to import",
    ),
    "crashed": (
        "导入过程中发生意外错误，数据库未作任何修改：{detail}",
        "The import failed unexpectedly; nothing was written: {detail}",
    ),
    "errors_found": (
        "文件中有 {count} 处错误（涉及 {rows} 行），未导入任何数据",
        "The file has {count} errors on {rows} rows; nothing was imported",
    ),
    "errors_truncated": (
        "错误过多，仅列出前 {shown} 个（共 {total} 个）",
        "Too many errors: only the first {shown} of {total} are listed",
    ),
    # One cell.
    "required": ("必填项为空", "Required value is empty"),
    "required_new": (
        "新企业必须填写“{column}”",
        "A new enterprise needs “{column}”",
    ),
    "uscc_length": (
        "统一社会信用代码应为 18 位（实际 {length} 位）",
        "A unified social credit code has 18 characters (this one has {length})",
    ),
    "uscc_format": (
        "统一社会信用代码含有不允许的字符",
        "The unified social credit code contains characters that are not allowed",
    ),
    "uscc_checksum": (
        "统一社会信用代码校验位错误（应为 {expected}）",
        "Wrong check character in the unified social credit code (expected {expected})",
    ),
    "uscc_duplicate": (
        "统一社会信用代码与第 {first} 行重复",
        "Duplicate unified social credit code: already on row {first}",
    ),
    "name_length": (
        "企业名称应为 1–200 个字符（实际 {length} 个）",
        "The name must be 1–200 characters long (it has {length})",
    ),
    "text_length": (
        "内容过长（最多 {limit} 个字符）",
        "Too long (at most {limit} characters)",
    ),
    "region_unknown": (
        "未知的行政区划代码（须为行政区划表中的县级代码）",
        "Unknown region code (it must be a county-level code of the region table)",
    ),
    "region_not_county": (
        "行政区划代码须为县级（区、县、县级市）代码，不能是省级或地级代码",
        "The region must be a county-level code, not a province or city code",
    ),
    "industry_unknown": (
        "未知的国民经济行业代码（GB/T 4754-2017）",
        "Unknown industry code (GB/T 4754-2017)",
    ),
    "date_invalid": (
        "无法识别的日期（可写作 2019-06-30、2019/6/30 或 2019年6月30日）",
        "Unrecognised date (write 2019-06-30, 2019/6/30 or 2019年6月30日)",
    ),
    "integer_invalid": ("应为整数", "Must be a whole number"),
    "number_invalid": ("应为数字", "Must be a number"),
    "negative": ("不能为负数", "Must not be negative"),
    "too_large": ("数值过大", "The number is too large"),
    "scale_invalid": (
        "企业规模应为 大型/中型/小型/微型",
        "The scale must be large, medium, small or micro (大型/中型/小型/微型)",
    ),
    "credit_invalid": ("信用等级应为 A、B、C 或 D", "The credit rating must be A, B, C or D"),
    "chain_unknown": ("未知的产业链“{item}”", "Unknown chain “{item}”"),
    "chain_role_invalid": (
        "未知的产业链角色“{item}”（应为 链主/链核/骨干/配套）",
        "Unknown chain role “{item}” (leader, core, backbone or supplier)",
    ),
    "chain_repeated": ("产业链“{item}”重复出现", "The chain “{item}” is listed twice"),
    "town_unknown": ("未知的专业镇“{item}”", "Unknown specialty town “{item}”"),
    "town_repeated": ("专业镇“{item}”重复出现", "The town “{item}” is listed twice"),
    "out_of_jurisdiction": ("不在您的辖区", "Outside your jurisdiction"),
    "enterprise_unknown": (
        "系统中没有此统一社会信用代码的企业",
        "No enterprise with this unified social credit code",
    ),
    "segment_unknown": (
        "产业链“{chain}”没有环节“{item}”",
        "The chain “{chain}” has no segment “{item}”",
    ),
    "segment_repeated": ("环节“{item}”重复出现", "The segment “{item}” is listed twice"),
    "level_invalid": ("级别应为 省级 或 市级", "The level must be provincial or city (省级/市级)"),
    "boolean_invalid": ("应为 是 或 否", "Must be yes or no (是/否)"),
    "code_duplicate": ("代码与第 {first} 行重复", "Duplicate code: already on row {first}"),
    "name_duplicate": ("名称与第 {first} 行重复", "Duplicate name: already on row {first}"),
    "name_taken": (
        "名称已被代码为“{code}”的记录使用",
        "The name is already used by the record with code “{code}”",
    ),
    "industry_code_invalid": (
        "无法识别的行业代码（应为门类字母，或带/不带门类字母的 2–4 位数字）",
        "Unrecognised industry code (a section letter, or 2–4 digits with or without the letter)",
    ),
    "industry_parent_missing": (
        "上级代码“{parent}”既不在文件中也不在行业表中",
        "The parent code “{parent}” is neither in the file nor in the industry table",
    ),
}

LANGUAGES = ("zh-hans", "en")


def message(code: str, language: str = "zh-hans", /, **params: Any) -> str:
    """The text of a message code in the batch's report language."""
    zh, en = MESSAGES[code]
    template = en if language.lower().startswith("en") else zh
    return template.format(**params)


class FileRefused(Exception):
    """The file cannot be imported at all; `code` and `params` name the reason."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

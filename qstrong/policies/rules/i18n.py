"""The rule renderer's sentences: Chinese msgids (gettext) with a built-in English fallback."""

from __future__ import annotations

from django.utils.translation import get_language, gettext, gettext_noop

# msgid → English, used when the policies catalogue has no entry yet (P3 owns the catalogue;
# makemessages extracts these msgids through gettext_noop).
ENGLISH: dict[str, str] = {
    gettext_noop("是"): "Yes",
    gettext_noop("否"): "No",
    gettext_noop("未知"): "Unknown",
    gettext_noop("无记录"): "not recorded",
    gettext_noop("无"): "None",
    gettext_noop(
        "%(condition)s：%(verdict)s（实际 %(actual)s）"
    ): "%(condition)s: %(verdict)s (actual %(actual)s)",
    gettext_noop(
        "%(condition)s：%(verdict)s（%(actual)s）"
    ): "%(condition)s: %(verdict)s (%(actual)s)",
    gettext_noop("%(group)s：%(verdict)s"): "%(group)s: %(verdict)s",
    gettext_noop("同时满足以下全部条件"): "All of the following",
    gettext_noop("满足以下任一条件"): "Any of the following",
    gettext_noop("不满足以下条件"): "None of the following",
    gettext_noop("同时满足："): "All of: ",
    gettext_noop("满足其一："): "Any of: ",
    gettext_noop("并非："): "Not: ",
    gettext_noop("；"): "; ",
    gettext_noop("、"): ", ",
    gettext_noop("（%(inner)s）"): "(%(inner)s)",
    gettext_noop("%(low)s 至 %(high)s"): "%(low)s and %(high)s",
    gettext_noop("%(name)s（%(code)s）"): "%(name)s (%(code)s)",
    gettext_noop("至少有一项"): "has at least one entry",
    gettext_noop("为空或无记录"): "is empty or not recorded",
    gettext_noop("已填写"): "is recorded",
    gettext_noop("未填写"): "is not recorded",
    gettext_noop("%(field)s需%(requirement)s（实际 %(actual)s）"): (
        "%(field)s must satisfy “%(requirement)s” (actual %(actual)s)"
    ),
    gettext_noop("需不满足：%(condition)s（实际 %(actual)s）"): (
        "must not hold: %(condition)s (actual %(actual)s)"
    ),
    gettext_noop("缺少 %(items)s 认证"): "missing %(items)s certification",
    gettext_noop("缺少 %(items)s 标签"): "missing the %(items)s tag",
    gettext_noop("或"): "or",
}


def english() -> bool:
    return (get_language() or "").startswith("en")


def tr(msgid: str, **params: object) -> str:
    """``gettext(msgid) % params``; the built-in English when the catalogue lacks the msgid."""
    text = gettext(msgid)
    if text == msgid and english():
        text = ENGLISH.get(msgid, msgid)
    return text % params if params else text


def pick(zh: str, en: str) -> str:
    """A label given in both languages (field, operator, choice), in the active language."""
    return en if english() else zh

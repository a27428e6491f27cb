"""The casework part of the demo: the article's records, loaded idempotently after the registry.

From the article: its dated outreach events (ARTICLE_EVENTS) with its photo captions and credits.
Illustrative, and labelled so on every record: the 惠企直通车基层行 visits that make "上半年入企
服务100余家" true in the statistics, and 45 items of 广誉远's needs / task / responsibility lists.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from qstrong.accounts.models import Organisation
from qstrong.casework.models import (
    ActivityPhoto,
    OutreachActivity,
    Provenance,
)
from qstrong.registry.demo.accounts import CITY_BUREAUS, COUNTY_BUREAUS, PROVINCE_BUREAU
from qstrong.registry.demo.article_enterprises import ARTICLE_ENTERPRISES
from qstrong.registry.demo.article_events import ARTICLE_EVENTS
from qstrong.registry.models import Chain, Enterprise, Source, Town

VISITS_NOTE = (
    "示意数据：按报道“惠企直通车基层行常态化开展，上半年入企服务100余家”生成的走访记录，"
    "企业与日期为演示用，并非真实走访"
)
GYY_NOTE = "示意数据：报道称为广誉远“列出45项需求清单、任务清单、责任清单”，条目内容为演示用"
PHOTO_NOTE = "（示意图片，非报道原图）"
VISIT_TARGET = 110  # distinct enterprises in H1 2024, for "100余家"

# (month, day) → the article's photo caption and credit (报道图片说明).
ARTICLE_PHOTOS = {
    (4, 11): (
        "4月11日，山西省市场监管局“惠企直通车”工作组在氢能产业链主企业山西鹏飞集团有限公司调研。",
        "毕瑞喆 摄",
    ),
    (5, 21): (
        "5月21日，山西省市场监管局、太原市市场监管局"
        "在清徐县举办清徐老陈醋专业镇高质量发展帮扶活动。",
        "杨智慧 摄",
    ),
    (8, 28): (
        "8月28日，运城市市场监管局工作人员与永济市众鑫电机科技股份有限公司"
        "技术人员一道攻关轨道交通产业链质量难题。",
        "毕秋霞 摄",
    ),
}

# Which bureaus the article names as organisers, beside the province's.
EVENT_ORGANISERS = {
    (5, 21): ["140100"],
    (8, 28): ["140800"],
    (9, 6): ["140700"],
}

# 广誉远's 15 needs, each with one task and its responsible bureau: 15 + 15 + 15 = 45 items.
# They reach casework through the handbook: the handbooks demo publishes 广誉远's 一企一册 with
# these as measures, and publishing turns each into a need and its task (qstrong.handbooks.demo).
# (category, need, task, bureau region, due (month, day), state)
GYY_ITEMS: tuple[tuple[str, str, str, str, tuple[int, int], str], ...] = (
    ("brand", "“广誉远”驰名商标在电商平台被仿冒，需要商标保护帮扶",
     "开展商标侵权线索排查并移送查处", "140000", (3, 31), "verified"),
    ("brand", "需要海外商标注册与布局指导",
     "组织马德里商标国际注册专题辅导", "140000", (4, 30), "verified"),
    ("quality", "定坤丹生产线质量提升需要专家诊断",
     "组织质量专家开展把脉问诊", "140700", (4, 15), "verified"),
    ("quality", "需要导入卓越绩效管理模式",
     "推荐参评省长质量奖并开展卓越绩效培训", "140000", (6, 30), "done"),
    ("standards", "中药饮片企业标准需要对标提升",
     "指导开展企业标准“领跑者”对标", "140700", (5, 31), "verified"),
    ("standards", "希望牵头制定龟龄集团体标准",
     "协调省中医药学会立项团体标准", "140000", (9, 30), "in_progress"),
    ("metrology", "检测实验室计量器具较多，需要集中检定",
     "安排市计量所上门集中检定", "140700", (3, 15), "verified"),
    ("metrology", "需要建设企业能源计量体系",
     "开展能源计量审查辅导", "140703", (6, 15), "in_progress"),
    ("certification", "GMP 之外需要质量管理体系认证辅导",
     "对接认证机构开展 ISO 9001 辅导", "140703", (5, 15), "done"),
    ("certification", "中药材检测委托周期长",
     "协调检验检测服务站开通绿色通道", "140700", (4, 30), "in_progress"),
    ("credit", "需要信用修复与合规经营指导",
     "开展信用合规“一对一”辅导", "140703", (4, 20), "open"),
    ("credit", "广告宣传合规审核需要指导",
     "开展药品广告合规审查培训", "140703", (7, 31), "done"),
    ("patent", "需要专利导航支撑新品研发",
     "开展中成药领域专利导航分析", "140000", (8, 31), "open"),
    ("policy", "希望了解质量提升相关奖补政策",
     "推送并解读适用的惠企政策清单", "140703", (3, 20), "verified"),
    ("policy", "需要协调解决原料药材溯源问题",
     "联合相关部门推进中药材追溯体系建设", "140700", (5, 10), "open"),
)  # fmt: skip


def _bureaus() -> dict[str, Organisation]:
    """The demo bureaus by region code (the same rows the demo accounts use)."""
    rows = [(PROVINCE_BUREAU, Organisation.Level.PROVINCE, "140000")]
    rows += [(name, Organisation.Level.CITY, code) for code, name in CITY_BUREAUS]
    rows += [(name, Organisation.Level.COUNTY, code) for code, name in COUNTY_BUREAUS]
    return {
        code: Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": Organisation.Kind.BUREAU, "level": level, "region_id": code},
        )[0]
        for name, level, code in rows
    }


def placeholder_png(rgb: tuple[int, int, int] = (0x1F, 0x4E, 0x79), size: int = 48) -> bytes:
    """A small solid-colour PNG: the article's photos are not ours to ship."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def _activity_put(
    *, key: dict[str, Any], organisers: list[Organisation], **values: Any
) -> tuple[OutreachActivity, bool]:
    many = {name: values.pop(name, []) for name in ("enterprises", "chains", "towns")}
    activity, created = OutreachActivity.objects.get_or_create(**key, defaults=values)
    if created:
        activity.organisers.set(organisers)
        for name, items in many.items():
            getattr(activity, name).set(items)
    return activity, created


def _article_events(bureaus: dict[str, Organisation]) -> int:
    by_key = {e.key: e.uscc for e in ARTICLE_ENTERPRISES}
    created = 0
    for event in ARTICLE_EVENTS:
        kind = "themed" if "质量月" in event.title else event.kind
        organisers = [bureaus["140000"]] + [
            bureaus[c] for c in EVENT_ORGANISERS.get((event.date.month, event.date.day), [])
        ]
        activity, new = _activity_put(
            key={"title": event.title, "date": event.date, "source": Provenance.ARTICLE},
            organisers=organisers,
            kind=kind,
            place=event.place,
            summary=event.quote,
            source_note=f"报道：{event.quote}"[:255],
            enterprises=list(
                Enterprise.objects.filter(uscc__in=[by_key[k] for k in event.enterprises])
            ),
            chains=list(Chain.objects.filter(code__in=event.chains)),
            towns=list(Town.objects.filter(code__in=event.towns)),
        )
        created += new
        photo = ARTICLE_PHOTOS.get((event.date.month, event.date.day))
        if photo and not activity.photos.exists():
            content = placeholder_png()
            item = ActivityPhoto(
                activity=activity, content_type="image/png", size=len(content),
                caption=photo[0] + PHOTO_NOTE, credit=photo[1],
            )  # fmt: skip
            item.file.save("article-photo.png", ContentFile(content), save=False)
            item.save()
    return created


def _visit_enterprises() -> list[Enterprise]:
    """The article's enterprises first, then synthetic ones, in a stable order."""
    article = list(Enterprise.objects.filter(source=Source.ARTICLE).order_by("uscc"))
    rest = Enterprise.objects.filter(source=Source.SYNTHETIC, archived_at__isnull=True)
    return (article + list(rest.order_by("uscc")[: max(0, VISIT_TARGET - len(article))]))[
        :VISIT_TARGET
    ]


def _grassroots_visits(bureaus: dict[str, Organisation]) -> tuple[int, int]:
    """惠企直通车基层行: visits of 1–3 enterprises each, spread over January–June 2024."""
    enterprises = _visit_enterprises()
    created = 0
    groups = [enterprises[i : i + 2] for i in range(0, len(enterprises), 2)]
    for number, group in enumerate(groups, start=1):
        day = dt.date(2024, 1, 8) + dt.timedelta(days=(number * 167 // max(len(groups), 1)))
        region = group[0].region_id
        organiser = bureaus.get(region) or bureaus.get(region[:4] + "00") or bureaus["140000"]
        kind = "diagnosis" if number % 5 == 0 else "visit"
        _activity, new = _activity_put(
            key={
                "title": f"惠企直通车基层行 · 入企服务（示意 {number:03d}）",
                "source": Provenance.ILLUSTRATIVE,
            },
            organisers=[organiser],
            date=day,
            kind=kind,
            place=group[0].region.name,
            participant_count=3 + number % 4,
            summary="示意数据：了解企业生产经营与质量管理情况，宣讲惠企政策，收集需求。",
            source_note=VISITS_NOTE,
            enterprises=group,
        )
        created += new
    return created, len(enterprises)


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    say("惠企直通车与需求任务 / outreach, needs and tasks …")
    with transaction.atomic():
        bureaus = _bureaus()
        events = _article_events(bureaus)
        visits, visited = _grassroots_visits(bureaus)
    if visited < 100:
        say(f"  基层行只用到 {visited} 家企业（不足100家：加 --synthetic 载入合成企业）")
    return {
        "article_events": events,
        "visits": visits,
        "visited_enterprises": visited,
    }

"""Words the store and core hand to the pages, marked here so that ``makemessages`` keeps their English.

The Chinese is defined once where it belongs (``store.models.accounts.ROLES``, ``core.plan_tracking``'s statuses); these lists
only mark the same strings for translation, and tests/web/test_i18n.py checks they still equal their sources.
Templates translate them with ``{% translate value %}``.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ROLE_NAMES = (
    gettext_noop("系统管理员"),
    gettext_noop("局领导"),
    gettext_noop("规划科"),
    gettext_noop("督导室"),
    gettext_noop("人事科"),
    gettext_noop("督学"),
    gettext_noop("学校填报员"),
    gettext_noop("招生办"),
)
INDICATOR_STATUS_NAMES = (gettext_noop("达成"), gettext_noop("正常推进"), gettext_noop("滞后"), gettext_noop("风险"))
PROJECT_STATUS_NAMES = (gettext_noop("未开工"), gettext_noop("在建"), gettext_noop("竣工"), gettext_noop("延期"))
# The collection's states (store.models.collection.STATUSES, docs/collection.md).
COLLECTION_STATUS_NAMES = (
    gettext_noop("草稿"),
    gettext_noop("已上报待审核"),
    gettext_noop("已审核通过"),
    gettext_noop("已退回"),
)

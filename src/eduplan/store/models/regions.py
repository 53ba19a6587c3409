"""Regions keyed by the official 统计用区划代码 (GB/T 2260 for province, city and county)."""

from __future__ import annotations

from django.db import models

from eduplan.contract import REGION_LEVELS, subtree_prefix


class Region(models.Model):
    code = models.CharField(primary_key=True, max_length=12)
    name = models.CharField(max_length=100)
    level = models.CharField(max_length=10, choices=[(lv, lv) for lv in REGION_LEVELS])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Codes made up under the county's prefix where the real 统计用区划代码 is not known.
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def subtree_prefix(self) -> str:
        """The code prefix every descendant shares (440000 → "44", 441800 → "4418", 441802 → "441802")."""
        return subtree_prefix(self.code, self.level)

"""eduplan — 区域教育规划监测与督导平台 (regional education planning, monitoring and supervision)."""

__version__ = "0.1.0"

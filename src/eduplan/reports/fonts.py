"""The CJK fonts reports print with: Debian's fonts-noto-cjk, found through fontconfig, never downloaded.

WeasyPrint asks fontconfig for the families by name; matplotlib is given the same files explicitly, so a chart
and the text around it use one typeface. A missing package is a clear error, not a page of empty boxes.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from eduplan.errors import EduplanError

SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
# Where Debian's fonts-noto-cjk puts them, for machines whose fontconfig tools are not installed.
DEBIAN_FILES = {
    SANS: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    SERIF: Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
}


class FontsMissing(EduplanError):
    exit_status = 3


@functools.cache
def font_file(family: str) -> Path:
    """The file that holds ``family`` (regular weight), or FontsMissing saying what to install."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(
            [fc_match, "-f", "%{family}\t%{file}", family], capture_output=True, text=True, check=False
        ).stdout
        families, _, path = found.partition("\t")
        # fc-match always answers with something; only a file whose families include ours will do.
        if family in families.split(",") and Path(path).is_file():
            return Path(path)
    if DEBIAN_FILES.get(family, Path("/nonexistent")).is_file():
        return DEBIAN_FILES[family]
    raise FontsMissing(
        f"找不到报告所需字体“{family}”。请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk）"
    )


def check_fonts() -> None:
    """Fail early, before any rendering, when a report font is missing."""
    for family in (SANS, SERIF):
        font_file(family)

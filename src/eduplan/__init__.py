"""eduplan — 区域教育规划监测与督导平台 (regional education planning, monitoring and supervision)."""

from collections.abc import Callable

__version__ = "0.1.0"


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], object]:
    """A package's ``__getattr__`` importing each exported name from its submodule when first asked for
    (``homes``: name → submodule), so a command that needs one light submodule does not import the heavy ones."""
    import importlib

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(importlib.import_module(package), name, value)
        return value

    return __getattr__

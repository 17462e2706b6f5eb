"""Modules imported on first attribute access, so that importing fasteval never loads Numba."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for module ``name``; the import happens at the first attribute lookup."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def kernels_loaded() -> bool:
    """Whether Numba's kernels are already loaded in this process.

    Importing any of them runs ``fasteval.kernels`` (and so imports Numba);
    until then, the cold paths (numpy counting, Arrow word coding) answer
    small workloads without paying that load.
    """
    return "fasteval.kernels" in sys.modules

"""Patching libraries the moment the script imports them, and wherever they re-export a name.

Hooks are installed when a library's module has just been executed, before the script
gets hold of anything in it: `from sklearn.metrics import accuracy_score` then binds
the hooked function. Nothing is imported for the script's sake; a script that never
imports tf_keras does not pay for it.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any

from . import events

Patch = Callable[[ModuleType], None]


class _PatchingLoader:
    """The library's own loader, plus the patches to apply once its module has run."""

    def __init__(self, loader: Any, patches: list[Patch]):
        self._loader = loader
        self._patches = patches

    def create_module(self, spec: Any) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        for patch in self._patches:
            apply(patch, module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_resource_reader, ...
        return getattr(self._loader, name)


class _ImportWatcher:
    """A sys.meta_path finder that finds nothing itself: it wraps the loader other finders return."""

    def __init__(self) -> None:
        self.after: dict[str, list[Patch]] = {}
        self.before: dict[str, Callable[[], None]] = {}

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name in self.before:
            self.before.pop(name)()
        if name not in self.after:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader, self.after[name])
        return spec


_watcher = _ImportWatcher()


def when_imported(name: str, patch: Patch) -> None:
    """Run `patch(module)` once module `name` has been imported (at once if it already is)."""
    _watch()
    if name in sys.modules:
        apply(patch, sys.modules[name])
    else:
        _watcher.after.setdefault(name, []).append(patch)


def before_import(name: str, action: Callable[[], None]) -> None:
    """Run `action()` when the import of `name` starts (to tell the user what takes so long)."""
    _watch()
    if name not in sys.modules:
        _watcher.before[name] = action


def _watch() -> None:
    if _watcher not in sys.meta_path:
        sys.meta_path.insert(0, _watcher)


def apply(patch: Patch, module: ModuleType) -> None:
    """A patch that fails costs its observations, never the script's run."""
    try:
        patch(module)
    except Exception as error:
        events.emit("hook_error", module=module.__name__, error=f"{type(error).__name__}: {error}", trace=traceback.format_exc(limit=3))


def replace_everywhere(package: str, original: Any, replacement: Any) -> None:
    """Every module of `package` that holds `original` (Keras re-exports each function from several) gets `replacement`.

    Modules imported later copy the replacement from the defining module.
    """
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == package or module_name.startswith(package + ".")):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, replacement)

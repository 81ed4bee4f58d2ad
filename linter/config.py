"""The settings in force for each file: `[tool.keraslint]` of the nearest pyproject.toml,
or the file given with `--config`, with the command line's options on top.

As ruff does: every file gets the closest pyproject.toml with a `[tool.keraslint]` table
among its folders (files named on the command line and files found by a walk alike), and
its patterns are relative to that file's folder; without one, the defaults. `--config`
applies one file to every checked file, its patterns relative to the current folder.
Options on the command line win over every configuration file.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from keraslint.globs import Glob, relative_path
from keraslint.rule import Rule, all_rules, select_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by CI on Python 3.10
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
# Folders a walk skips unless `exclude` says otherwise: version control, installed packages,
# tool caches. Virtual environments are recognised by their pyvenv.cfg, whatever their name.
DEFAULT_EXCLUDE = (".git", ".hg", "site-packages", ".ipynb_checkpoints", "__pycache__", "node_modules", ".tox")
KEYS = ("select", "ignore", "per-file-ignores", "exclude", "extend-exclude", "force-exclude")


class ConfigError(Exception):
    """A configuration the user must fix: the message names the file and the key."""


@dataclass(frozen=True)
class PerFileIgnore:
    glob: Glob
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    """What one configuration file says; the defaults when `file` is None."""

    root: str  # absolute folder the patterns are relative to
    file: str | None = None
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False


@dataclass(frozen=True)
class Overrides:
    """Options given on the command line; empty ones leave the configuration as it is."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    force_exclude: bool = False
    config_file: str | None = None


@dataclass(frozen=True)
class Settings:
    """A configuration with the command line's options applied, as ruff layers them:
    `--select` starts the selection afresh, `--ignore` removes from what is selected."""

    config: Config
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    force_exclude: bool

    @cached_property
    def _excluded(self) -> tuple[Glob, ...]:
        return tuple(Glob(pattern) for pattern in (*self.config.exclude, *self.config.extend_exclude))

    @classmethod
    def of(cls, config: Config, overrides: Overrides) -> Settings:
        if overrides.select:
            select, ignore = overrides.select, overrides.ignore
        else:
            select, ignore = config.select, (*config.ignore, *overrides.ignore)
        return cls(config, select, ignore, overrides.force_exclude or config.force_exclude)

    def ignored_in(self, path: str) -> tuple[str, ...]:
        """The codes per-file-ignores leaves out of `path`."""
        relative = relative_path(path, self.config.root)
        if relative is None:
            return ()
        return tuple(code for entry in self.config.per_file_ignores if entry.glob.matches(relative) for code in entry.codes)

    def rules_for(self, path: str) -> tuple[type[Rule], ...]:
        return select_rules(self.select, (*self.ignore, *self.ignored_in(path)))

    def excludes(self, path: str) -> bool:
        """Whether `exclude` or `extend-exclude` matches `path` itself."""
        relative = relative_path(path, self.config.root)
        if relative is None:  # outside the project: only name patterns can apply
            relative = os.path.basename(os.path.abspath(path))
            return any(glob.matches(relative) for glob in self._excluded if not glob.anchored)
        return relative != "." and any(glob.matches(relative) for glob in self._excluded)

    def excludes_named(self, path: str) -> bool:
        """Whether a path named by the user is left out: only with force-exclude."""
        return self.force_exclude and self.excluded_with_folders(path)

    def excluded_with_folders(self, path: str) -> bool:
        """Whether `path`, or a folder on its way from the project's folder, is excluded."""
        current = os.path.abspath(path)
        while True:
            if self.excludes(current):
                return True
            parent = os.path.dirname(current)
            if parent == current or relative_path(parent, self.config.root) in (None, "."):
                return False
            current = parent


class Resolver:
    """Finds the settings of each path, reading each configuration file once."""

    def __init__(self, overrides: Overrides = Overrides()):
        self.overrides = overrides
        self._by_folder: dict[str, Settings] = {}
        self._fixed = (
            Settings.of(load_config(overrides.config_file, os.getcwd()), overrides) if overrides.config_file else None
        )

    def settings_for(self, path: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        absolute = os.path.abspath(path)
        return self._for_folder(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))

    def _for_folder(self, folder: str) -> Settings:
        if folder not in self._by_folder:
            candidate = os.path.join(folder, PYPROJECT)
            table = read_table(candidate) if os.path.isfile(candidate) else None
            parent = os.path.dirname(folder)
            if table is not None:
                settings = Settings.of(parse_config(table, candidate, folder), self.overrides)
            elif parent != folder:
                settings = self._for_folder(parent)
            else:
                settings = Settings.of(Config(os.getcwd()), self.overrides)
            self._by_folder[folder] = settings
        return self._by_folder[folder]


def load_config(path: str, root: str) -> Config:
    """The file given with --config: a pyproject.toml's `[tool.keraslint]`, or any other
    TOML file whose top level is keraslint's settings."""
    if os.path.basename(path) == PYPROJECT:
        table = read_table(path)
        if table is None:
            raise ConfigError(f"{path}: no [tool.keraslint] table")
    else:
        table = _read_toml(path)
    return parse_config(table, path, os.path.abspath(root))


def read_table(pyproject: str) -> dict | None:
    table = _read_toml(pyproject).get("tool", {}).get("keraslint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: tool.keraslint must be a table")
    return table


def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def parse_config(table: dict, file: str, root: str) -> Config:
    where = f"{file}: [tool.keraslint]" if os.path.basename(file) == PYPROJECT else file
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")

    def strings(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        return tuple(value)

    def codes(key: str, values: Iterable[str]) -> tuple[str, ...]:
        selectors = normalise_selectors(values)
        unknown = unknown_selectors(selectors)
        if unknown:
            raise ConfigError(f"{where}: {key}: {unknown[0]!r} is neither ALL nor a rule code or prefix (see `keraslint rules`)")
        return selectors

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of patterns to lists of codes")
    per_file_ignores = []
    for pattern, values in per_file.items():
        if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
            raise ConfigError(f"{where}: per-file-ignores: {pattern!r} must map to a list of codes")
        per_file_ignores.append(PerFileIgnore(Glob(pattern), codes(f"per-file-ignores {pattern!r}", values)))
    force_exclude = table.get("force-exclude", False)
    if not isinstance(force_exclude, bool):
        raise ConfigError(f"{where}: force-exclude must be true or false")
    return Config(
        root=root,
        file=os.path.abspath(file),
        select=codes("select", strings("select", ("ALL",))),
        ignore=codes("ignore", strings("ignore", ())),
        per_file_ignores=tuple(per_file_ignores),
        exclude=strings("exclude", DEFAULT_EXCLUDE),
        extend_exclude=strings("extend-exclude", ()),
        force_exclude=force_exclude,
    )


def normalise_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """`["KL1, kl205", "KL3"]` -> ("KL1", "KL205", "KL3")."""
    return tuple(part.strip().upper() for value in values for part in value.split(",") if part.strip())


def unknown_selectors(selectors: Iterable[str]) -> tuple[str, ...]:
    codes = [rule.code for rule in all_rules()]
    return tuple(
        selector for selector in selectors if selector != "ALL" and not any(code.startswith(selector) for code in codes)
    )


def describe(settings: Settings, path: str) -> str:
    """What --show-settings prints: the settings of `path` as TOML, with where they come from."""
    config = settings.config
    source = f"from {config.file}" if config.file else "no configuration file: the defaults"
    per_file = ", ".join(f"{json.dumps(entry.glob.pattern)} = {_toml_list(entry.codes)}" for entry in config.per_file_ignores)
    rules = settings.rules_for(path) if not os.path.isdir(path) else select_rules(settings.select, settings.ignore)
    return "\n".join(
        [
            f"# Settings for {path}, {source}",
            f"# patterns are relative to {config.root}",
            f"select = {_toml_list(settings.select)}",
            f"ignore = {_toml_list(settings.ignore)}",
            f"per-file-ignores = {{{per_file}}}",
            f"exclude = {_toml_list(config.exclude)}",
            f"extend-exclude = {_toml_list(config.extend_exclude)}",
            f"force-exclude = {json.dumps(settings.force_exclude)}",
            "# the rules that run on this path",
            f"rules = {_toml_list(rule.code for rule in rules)}",
        ]
    )


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"

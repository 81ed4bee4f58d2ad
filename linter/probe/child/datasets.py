"""Synthetic stand-ins for `keras.datasets.*.load_data()`: the probe runs offline.

Each stand-in has its data set's real sample shape, dtype, value range and number of
classes, and a few hundred rows, so that a script behaves as with the real download
(uint8 pixels 0..255, labels 0..9 of shape (n,) or (n, 1), ragged word-id sequences)
while the probe needs no network and no cache.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import callsite, events
from .fingerprints import fingerprint
from .patching import replace_everywhere

TRAIN_ROWS = 300
TEST_ROWS = 100


@dataclass(frozen=True)
class Images:
    sample_shape: tuple[int, ...]
    classes: int
    label_shape: tuple[int, ...] = ()  # CIFAR labels are (n, 1)
    coarse_classes: int | None = None  # cifar100 with label_mode="coarse"

    def make(self, rng: Any, rows: int, options: dict) -> tuple[Any, Any]:
        classes = self.coarse_classes if options.get("label_mode") == "coarse" else self.classes
        x = rng.integers(0, 256, size=(rows, *self.sample_shape), dtype="uint8")
        return x, _labels(rng, rows, classes or self.classes, "uint8").reshape(rows, *self.label_shape)


@dataclass(frozen=True)
class Sequences:
    classes: int
    vocabulary: int

    def make(self, rng: Any, rows: int, options: dict) -> tuple[Any, Any]:
        import numpy as np

        top = min(options.get("num_words") or self.vocabulary, self.vocabulary)
        longest = options.get("maxlen") or 200
        start, index_from = options.get("start_char", 1), options.get("index_from", 3)
        reviews = [
            [start, *rng.integers(index_from + 1, top, size=int(rng.integers(5, longest))).tolist()]
            for _ in range(rows)
        ]
        x = np.empty(rows, dtype=object)
        x[:] = reviews
        return x, _labels(rng, rows, self.classes, "int64")


@dataclass(frozen=True)
class Table:
    column_ranges: tuple[tuple[float, float], ...]
    target_range: tuple[float, float]
    dtype: str

    def make(self, rng: Any, rows: int, options: dict) -> tuple[Any, Any]:
        import numpy as np

        low, high = np.array(self.column_ranges).T
        x = (low + rng.random((rows, len(self.column_ranges))) * (high - low)).astype(self.dtype)
        y = rng.uniform(*self.target_range, size=rows).astype(self.dtype)
        return x, y


STAND_INS: dict[str, Images | Sequences | Table] = {
    "mnist": Images((28, 28), 10),
    "fashion_mnist": Images((28, 28), 10),
    "cifar10": Images((32, 32, 3), 10, (1,)),
    "cifar100": Images((32, 32, 3), 100, (1,), coarse_classes=20),
    "imdb": Sequences(classes=2, vocabulary=88587),
    "reuters": Sequences(classes=46, vocabulary=30982),
    # CRIM ZN INDUS CHAS NOX RM AGE DIS RAD TAX PTRATIO B LSTAT; median value in $1000s
    "boston_housing": Table(
        ((0.006, 89.0), (0, 100), (0.46, 27.7), (0, 1), (0.385, 0.871), (3.56, 8.78), (2.9, 100),
         (1.13, 12.1), (1, 24), (187, 711), (12.6, 22), (0.32, 396.9), (1.73, 37.97)),
        (5, 50),
        "float64",
    ),
    # MedInc HouseAge AveRooms AveBedrms Population AveOccup Latitude Longitude; value in dollars
    "california_housing": Table(
        ((0.5, 15.0), (1, 52), (0.85, 141.9), (0.33, 34.1), (3, 35682), (0.69, 1243), (32.5, 41.95), (-124.35, -114.31)),
        (14999, 500001),
        "float32",
    ),
}


def install(package: str) -> None:
    """Replace load_data (and get_word_index) of every data set of a Keras package, wherever it was imported."""
    for name, stand_in in STAND_INS.items():
        module = sys.modules.get(f"{package}.src.datasets.{name}")
        if module is None:
            continue
        replace_everywhere(package, module.load_data, _load_data(name, stand_in))
        if hasattr(module, "get_word_index"):
            replace_everywhere(package, module.get_word_index, _word_index(name))


def _load_data(name: str, stand_in: Images | Sequences | Table) -> Callable:
    def load_data(*args: Any, **options: Any) -> tuple:
        import numpy as np

        rng = np.random.default_rng(zlib.crc32(name.encode()))
        train, test = stand_in.make(rng, TRAIN_ROWS, options), stand_in.make(rng, TEST_ROWS, options)
        frame = callsite.script_frame()
        line, end_line = callsite.span(frame) if frame is not None else (0, 0)
        parts = {"x_train": train[0], "y_train": train[1], "x_test": test[0], "y_test": test[1]}
        events.emit(
            "dataset",
            name=name,
            line=line,
            end_line=end_line,
            arrays={part: fingerprint(array) for part, array in parts.items()},
        )
        return train, test

    load_data.__name__ = "load_data"
    return load_data


def _word_index(name: str) -> Callable:
    def get_word_index(*args: Any, **kwargs: Any) -> dict[str, int]:
        return {f"{name}_word_{index}": index for index in range(1, STAND_INS[name].vocabulary)}  # type: ignore[union-attr]

    return get_word_index


def _labels(rng: Any, rows: int, classes: int, dtype: str) -> Any:
    """Every class present (rows permitting), in random order."""
    import numpy as np

    return rng.permutation(np.arange(rows) % classes).astype(dtype)

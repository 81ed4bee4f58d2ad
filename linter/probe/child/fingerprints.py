"""What the probe records of an array: enough to judge a finding, never the data itself.

Shape, dtype, range and a content hash for every array; for arrays that look like
labels, the row sums (one-hot rows sum to 1, multi-hot rows to more) and the number
of distinct values (how many classes integer labels show). Computed on the full
array, before the probe shortens anything.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

# Above this size, the hash reads evenly spaced rows: a fingerprint, not a checksum.
HASHED_BYTES = 16 * 1024 * 1024
# Label statistics only for arrays narrow enough to be labels (one-hot of 100 classes fits).
LABEL_COLUMNS = 200
# Integer values spread wider than this are not class labels: no count of distinct values.
LABEL_RANGE = 1000


def fingerprint(value: Any, names: list[str] | None = None) -> dict | None:
    """The fingerprint of an array-like (numpy, pandas, a tensor, a list), or of its parts."""
    if value is None:
        return None
    described = _describe(value)
    if names:
        described["names"] = names
    return described


def dataset_parts(value: Any) -> tuple[Any, Any] | None:
    """The features and labels of the first batch of a tf.data.Dataset, or None for anything else.

    Only tf.data: iterating it again is harmless, while a Python generator would lose the batch.
    """
    if not (hasattr(value, "element_spec") and hasattr(value, "take")):
        return None
    element = next(iter(value.take(1)), None)
    if isinstance(element, (tuple, list)) and len(element) >= 2:
        return element[0], element[1]
    return element, None


def as_numpy(value: Any) -> Any:
    """numpy's view of an array-like, or None when it is not one (a generator, a Sequence)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return value
    for method in ("to_numpy", "numpy"):  # pandas; TensorFlow eager tensors
        convert = getattr(value, method, None)
        if callable(convert) and hasattr(value, "shape"):
            return np.asarray(convert())
    if isinstance(value, list):
        try:
            return np.asarray(value)
        except ValueError:  # ragged lists
            return np.asarray(value, dtype=object)
    return None


def content_hash(array: Any) -> str:
    import numpy as np

    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{array.dtype.str}{array.shape}".encode())
    if array.dtype == object:
        step = max(1, len(array) // 1000) if array.ndim else 1
        digest.update(repr(array[::step].tolist() if array.ndim else array.item()).encode())
        return digest.hexdigest()
    if array.nbytes > HASHED_BYTES and array.ndim:
        array = array[:: math.ceil(array.nbytes / HASHED_BYTES)]
    digest.update(np.ascontiguousarray(array).data)
    return digest.hexdigest()


def _describe(value: Any) -> dict:
    kind = type(value).__name__
    if isinstance(value, dict):
        return {"kind": kind, "parts": [_describe(part) for part in value.values()]}
    if isinstance(value, tuple) or (isinstance(value, list) and value and all(hasattr(part, "shape") for part in value)):
        return {"kind": kind, "parts": [_describe(part) for part in value]}
    array = as_numpy(value)
    if array is None:
        return {"kind": kind}
    return {"kind": kind, **array_statistics(array)}


def array_statistics(array: Any) -> dict:
    import numpy as np

    stats: dict[str, Any] = {"shape": list(array.shape), "dtype": str(array.dtype), "hash": content_hash(array)}
    if array.dtype.kind not in "biuf" or array.size == 0:
        return stats
    with np.errstate(all="ignore"):
        low, high = np.nanmin(array), np.nanmax(array)
    stats["min"], stats["max"] = _number(low), _number(high)
    if array.ndim == 1 or (array.ndim == 2 and array.shape[1] <= LABEL_COLUMNS):
        stats.update(_label_statistics(array, float(low), float(high)))
    return stats


def _label_statistics(array: Any, low: float, high: float) -> dict:
    import numpy as np

    integral = array.dtype.kind in "biu" or bool(np.all(np.mod(array, 1) == 0))
    stats: dict[str, Any] = {"integral": integral}
    if array.ndim == 2 and array.shape[1] > 1 and 0 <= low and high <= 1:
        sums = array.sum(axis=1, dtype="float64")
        stats["row_sums"] = [float(sums.min()), float(sums.max())]
    if integral and (array.ndim == 1 or array.shape[1] == 1) and high - low <= LABEL_RANGE:
        stats["distinct"] = int(np.unique(array).size)
    return stats


def _number(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number

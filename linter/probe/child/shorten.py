"""Making fit, evaluate and predict cheap: a couple of batches instead of the whole data set.

Rows are cut where the inputs allow it (arrays, tensors, DataFrames, and lists or dicts
of them); a tf.data pipeline or a generator gets a step limit instead. The probe has
fingerprinted the full inputs before anything is cut.
"""

from __future__ import annotations

from typing import Any

BATCH = 32
STEPS = 2


def rows_of(value: Any) -> int | None:
    if isinstance(value, dict):
        value = next(iter(value.values()), None)
    elif isinstance(value, (list, tuple)) and value and hasattr(value[0], "shape"):
        value = value[0]
    shape = getattr(value, "shape", None)
    if shape is not None and len(shape) >= 1 and shape[0] is not None:
        return int(shape[0])
    if isinstance(value, list):
        return len(value)
    return None


def can_cut(value: Any) -> bool:
    return value is None or rows_of(value) is not None


def cut(value: Any, rows: int) -> Any:
    """The first `rows` rows of an array-like, or of each part of a multi-input."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {key: cut(part, rows) for key, part in value.items()}
    if isinstance(value, (list, tuple)) and value and hasattr(value[0], "shape"):
        return type(value)(cut(part, rows) for part in value)
    if hasattr(value, "iloc"):  # pandas
        return value.iloc[:rows]
    return value[:rows]


def pad(result: Any, rows: int) -> Any:
    """Predictions for all `rows` inputs, from predictions for the first few: repeated, wrong, well shaped.

    The script goes on with arrays of the length it expects; the values no longer matter.
    """
    import numpy as np

    if isinstance(result, dict):
        return {key: pad(part, rows) for key, part in result.items()}
    if isinstance(result, (list, tuple)):
        return type(result)(pad(part, rows) for part in result)
    if isinstance(result, np.ndarray) and result.ndim and 0 < result.shape[0] < rows:
        return np.resize(result, (rows, *result.shape[1:]))
    return result


def stretch_history(history: Any, initial_epoch: int, epochs: int) -> None:
    """A History as long as the epochs the script asked for: scripts index it by epoch
    (`history.history["mae"][250]`). The last epoch's numbers stand in for the rest."""
    logs = getattr(history, "history", None)
    if not isinstance(logs, dict):
        return
    wanted = max(epochs - initial_epoch, 1)
    for values in logs.values():
        if isinstance(values, list) and values:
            values.extend([values[-1]] * (wanted - len(values)))
    if isinstance(getattr(history, "epoch", None), list):
        history.epoch = list(range(initial_epoch, initial_epoch + wanted))


def batch_size(requested: Any) -> int:
    return min(requested or BATCH, BATCH) if isinstance(requested, int) or requested is None else BATCH

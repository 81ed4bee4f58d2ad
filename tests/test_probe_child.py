"""The probe's child-side pieces, in this process: fingerprints, shortening, stand-in data sets."""

from __future__ import annotations

import numpy as np
import pytest

from keraslint.probe.child import predictions, shorten
from keraslint.probe.child.datasets import STAND_INS, TEST_ROWS, TRAIN_ROWS, Images, Sequences, Table
from keraslint.probe.child.fingerprints import fingerprint

REAL = {  # sample shape, dtype, classes of the real data sets (keras.datasets documentation)
    "mnist": ((28, 28), "uint8", 10),
    "fashion_mnist": ((28, 28), "uint8", 10),
    "cifar10": ((32, 32, 3), "uint8", 10),
    "cifar100": ((32, 32, 3), "uint8", 100),
    "imdb": ((), "object", 2),
    "reuters": ((), "object", 46),
    "boston_housing": ((13,), "float64", None),
    "california_housing": ((8,), "float32", None),
}


def test_label_fingerprints_tell_one_hot_from_multi_hot_and_count_classes() -> None:
    one_hot = np.eye(10)[np.arange(50) % 10]
    multi_hot = one_hot.copy()
    multi_hot[0, 3] = 1
    assert fingerprint(one_hot)["row_sums"] == [1.0, 1.0]
    assert fingerprint(multi_hot)["row_sums"] == [1.0, 2.0]
    assert fingerprint(np.arange(50) % 7)["distinct"] == 7
    assert "row_sums" not in fingerprint(np.full((50, 784), 255, dtype="uint8"))  # pixels are no labels


def test_the_content_hash_follows_the_content() -> None:
    data = np.arange(1000, dtype="float32").reshape(100, 10)
    assert fingerprint(data)["hash"] == fingerprint(data.copy())["hash"]
    assert fingerprint(data)["hash"] != fingerprint(data / 255)["hash"]
    assert fingerprint(data[::-1])["hash"] != fingerprint(data)["hash"]


def test_multi_input_calls_are_fingerprinted_part_by_part() -> None:
    parts = fingerprint([np.zeros((4, 2)), np.ones((4, 3))])["parts"]
    assert [part["shape"] for part in parts] == [[4, 2], [4, 3]]


def test_inputs_are_cut_to_a_few_batches_and_predictions_padded_back() -> None:
    x = np.arange(1000).reshape(500, 2)
    assert shorten.cut(x, 64).shape == (64, 2)
    assert [part.shape for part in shorten.cut({"a": x, "b": x[:, :1]}, 8).values()] == [(8, 2), (8, 1)]
    assert shorten.pad(np.ones((64, 10)), 500).shape == (500, 10)
    assert not shorten.can_cut(iter([x]))  # a generator gets a step limit instead


def test_a_shortened_history_is_as_long_as_the_epochs_asked_for() -> None:
    class History:
        def __init__(self) -> None:
            self.history = {"loss": [0.5]}
            self.epoch = [0]

    history = History()
    shorten.stretch_history(history, 0, 300)
    assert len(history.history["loss"]) == 300 and history.epoch[-1] == 299


def test_argmax_of_predictions_is_traced_back_to_its_predict_call() -> None:
    output = np.random.default_rng(0).random((20, 10))
    predictions.remember(7, output)
    assert predictions.source_of(output.argmax(axis=1)) == 7
    assert predictions.source_of(np.zeros(20)) is None


@pytest.mark.parametrize("name", sorted(REAL))
def test_stand_ins_have_the_real_shapes_dtypes_and_classes(name: str) -> None:
    sample_shape, dtype, classes = REAL[name]
    stand_in = STAND_INS[name]
    rng = np.random.default_rng(0)
    (x, y), (x_test, _) = stand_in.make(rng, TRAIN_ROWS, {}), stand_in.make(rng, TEST_ROWS, {})
    assert (x.shape[1:], str(x.dtype), len(x), len(x_test)) == (sample_shape, dtype, TRAIN_ROWS, TEST_ROWS)
    if isinstance(stand_in, Images):
        assert (x.min(), x.max()) == (0, 255)
    if isinstance(stand_in, Sequences):
        assert all(review[0] == 1 for review in x)  # the start character, as keras puts it
    if isinstance(stand_in, Table):
        assert x.max() > 100  # raw features: what makes KL202 real
    if classes is not None:
        assert len(np.unique(y)) == classes


def test_cifar100_coarse_labels_have_twenty_classes() -> None:
    _, labels = STAND_INS["cifar100"].make(np.random.default_rng(0), TRAIN_ROWS, {"label_mode": "coarse"})
    assert (labels.shape, len(np.unique(labels))) == ((TRAIN_ROWS, 1), 20)

from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class RandomShuffleOnNumpyArray(Rule):
    """
    ## What it finds
    `random.shuffle(a)` where `a` is a 2-D numpy array.

    ## Why it is wrong
    `random.shuffle` swaps items with `a[i], a[j] = a[j], a[i]`. The rows of a numpy
    array are views into the same buffer, so the swap copies one row over the other:
    rows are duplicated and others lost, while the array keeps its shape and nothing
    fails. Features and labels stored side by side stay aligned, but the data set is
    no longer the one you built.

    ## What to do
    Use `np.random.shuffle(a)` (shuffles rows in place, correctly), or
    `a = a[rng.permutation(len(a))]`.
    """

    code = "KL204"
    name = "random-shuffle-on-numpy"
    summary = "random.shuffle on a numpy array duplicates and loses rows"

    VALID = (
        """
import keras
import numpy as np
data = np.array([[1, 0], [2, 1], [3, 0]])
np.random.shuffle(data)
""",
        """
import keras
import random
rows = [[1, 0], [2, 1], [3, 0]]
random.shuffle(rows)
""",
    )
    INVALID = (
        """
import keras
from random import shuffle
import numpy as np
data = np.array([[1, 0], [2, 1], [3, 0]])
shuffle(data)  # <-
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        for shuffle in facts.shuffles():
            array = array_of(shuffle.target)
            if shuffle.function != "random.shuffle" or array is None or array.container != "ndarray":
                continue
            if not array.sample_shape:  # a 1-D array of scalars shuffles correctly
                continue
            name = facts.code(shuffle.target.node)
            yield self.violation(
                shuffle.node,
                f"random.shuffle on the numpy array {name} swaps row views: rows get duplicated and lost; "
                f"use np.random.shuffle({name})",
                Fact(f"{name} is a 2-D numpy array with rows of shape {array.sample_shape}", None),
            )

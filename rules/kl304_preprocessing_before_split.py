from __future__ import annotations

from collections.abc import Iterator

from keraslint.facts import ScriptFacts
from keraslint.queries import array_of
from keraslint.rule import Rule
from keraslint.types import Fact, Violation


class PreprocessingFittedBeforeSplit(Rule):
    """
    ## What it finds
    A scaler, imputer, PCA or feature selector fitted on all the data, which the script
    also splits into training and test parts with `train_test_split` or K-fold indices.

    ## Why it is wrong
    The statistics it learns (means, variances, components, selected features) include
    the test rows, so information about the test set leaks into training, and the test
    score is optimistic in a way no one can see.

    ## What to do
    Split first, fit the preprocessing on the training part only, and apply it to both:
    `scaler.fit(X_train)`, then `scaler.transform(X_train)` and
    `scaler.transform(X_test)`; or use a Normalization layer adapted on the training
    data.
    """

    code = "KL304"
    name = "preprocessing-before-split"
    summary = "preprocessing fitted on all the data before the split"

    VALID = (
        """
import numpy as np
import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
data = np.load("data.npy")
X, y = data[:, :8], data[:, 8]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
""",
    )
    INVALID = (
        """
import numpy as np
import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
data = np.load("data.npy")
X, y = data[:, :8], data[:, 8]
X = StandardScaler().fit_transform(X)  # <-
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
""",
    )

    def check(self, facts: ScriptFacts) -> Iterator[Violation]:
        split_rows = {}
        for split in facts.splits():
            for operand in split.inputs:
                array = array_of(operand)
                if array is not None:
                    split_rows.setdefault(array.rows, split)
        for fit in facts.preprocessing_fits():
            data = array_of(fit.data)
            if data is None or data.one_sample is not None:
                continue
            split = split_rows.get(data.rows)
            if split is None:
                continue
            yield self.violation(
                fit.node,
                f"{fit.cls} is fitted on all of {facts.code(fit.data.node)}, test rows included, "
                "and the data is split afterwards; fit it on the training split only",
                Fact("the same rows are split into training and test parts", split.node),
            )

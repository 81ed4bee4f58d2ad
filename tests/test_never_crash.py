"""Whatever the code, keraslint answers with findings or a KL000, never with an exception.

Generated programs (hypothesmith, from Python's grammar) get `import keras` prepended so
that the text check does not skip them; a fixed seed keeps the run reproducible.
"""

from __future__ import annotations

import hypothesmith
from hypothesis import HealthCheck, given, seed, settings

from keraslint.engine import check_bytes
from keraslint.rule import all_rules

RULES = all_rules()


def assert_no_internal_error(source: str) -> None:
    report = check_bytes("generated.py", ("import keras\n" + source).encode(), RULES)
    internal = [finding.message for finding in report.findings if "internal error" in finding.message]
    assert internal == []


@seed(20261123)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_generated_programs(source: str) -> None:
    assert_no_internal_error(source)


@seed(20261123)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_generated_syntax_trees(source: str) -> None:
    assert_no_internal_error(source)


def test_keras_shaped_nonsense() -> None:
    """Calls with the right names and the wrong arguments: rules meet shapes they do not know."""
    for body in (
        "model = keras.Sequential(5)\nmodel.compile(loss=3)\nmodel.fit()",
        "model = keras.Sequential([None, 'x'])\nmodel.add()\nmodel.fit(*args, **kwargs)",
        "m = keras.Model(outputs=keras.layers.Dense(units='a')(7))\nm.compile(loss=None, metrics='accuracy')\nm.predict",
        "x, = keras.datasets.mnist.load_data()\nx[0][1][2] /= 0\nkeras.utils.to_categorical(x, num_classes=-1)",
        "def f(*a, **k):\n    return f(*a)\nmodel = f()\nmodel.fit(f, f)",
        "class M(keras.Model):\n    def call(self):\n        return self.call()\nM().fit(1, 2)",
        "import numpy as np\nnp.eye(0)[[]]\nnp.random.shuffle()\nnp.column_stack()",
        "from sklearn.model_selection import train_test_split\na, b = train_test_split()\nc, d, e, f = train_test_split(*x)",
        "lambda: keras.Sequential()\n(lambda m: m.fit(m))(keras.Sequential())",
    ):
        assert_no_internal_error(body)

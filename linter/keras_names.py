"""The names under which Keras, NumPy and scikit-learn things are written, and what they mean.

One place for each spelling: `tf.keras.layers.Dense`, `tf_keras.layers.Dense` and
`keras.src.layers.core.dense.Dense` all become `keras.layers.Dense`; `"bce"` and
`keras.losses.BinaryCrossentropy` both become `binary_crossentropy`.
"""

from __future__ import annotations

from dataclasses import dataclass

_KERAS_PREFIXES = ("tensorflow.python.keras.", "tensorflow.keras.", "tf_keras.", "keras.src.", "keras.api.")
# Modules whose members users reach at several depths: keras.layers.core.Dense is keras.layers.Dense.
_FLAT_NAMESPACES = ("keras.layers.", "keras.losses.", "keras.metrics.", "keras.activations.", "keras.callbacks.", "keras.optimizers.")


def canonical(name: str) -> str:
    """The one spelling of a dotted name that the rest of keraslint compares against."""
    if name in ("tensorflow.keras", "tf_keras"):
        return "keras"
    for prefix in _KERAS_PREFIXES:
        if name.startswith(prefix):
            name = "keras." + name[len(prefix):]
            break
    for namespace in _FLAT_NAMESPACES:
        if name.startswith(namespace):
            return namespace + name.rsplit(".", 1)[1]
    if name.startswith("keras.models.") or name.startswith("keras.engine."):
        return "keras." + name.rsplit(".", 1)[1]
    if name.startswith("keras.utils."):
        return "keras.utils." + name.rsplit(".", 1)[1]
    if name.startswith("keras.preprocessing.image."):
        return "keras.utils." + name.rsplit(".", 1)[1]
    if name.startswith("tensorflow.nn."):
        return "keras.activations." + name.rsplit(".", 1)[1]
    if name.startswith("sklearn.") and name.count(".") >= 2:
        module, _, member = name.rpartition(".")
        return "sklearn." + module.split(".")[1] + "." + member
    return name


MODEL_CLASSES = frozenset({"keras.Sequential", "keras.Model"})


def layer_kind(name: str) -> str | None:
    """`Dense` for keras.layers.Dense; None for anything that is not a layer class."""
    if name.startswith("keras.layers.") and name[len("keras.layers."):][:1].isupper():
        return name[len("keras.layers."):]
    return None


_ACTIVATIONS = {
    "sigmoid": "sigmoid",
    "softmax": "softmax",
    "relu": "relu",
    "linear": "linear",
    "tanh": "tanh",
    "softplus": "softplus",
    "elu": "elu",
    "selu": "selu",
    "gelu": "gelu",
    "swish": "swish",
    "silu": "swish",
    "leaky_relu": "leaky_relu",
    "relu6": "relu6",
    "exponential": "exponential",
    "hard_sigmoid": "hard_sigmoid",
    "log_softmax": "log_softmax",
    "softsign": "softsign",
    "mish": "mish",
}

# Final activations whose output is not a probability: fed to a probabilistic loss
# with from_logits=False, the loss clips them and training goes nowhere.
NON_PROBABILITY_ACTIVATIONS = frozenset(
    {"relu", "linear", "tanh", "softplus", "elu", "selu", "gelu", "swish", "leaky_relu", "relu6", "exponential", "softsign", "mish", "log_softmax"}
)


def activation_name(spelling: str) -> str | None:
    """Canonical activation for a string ("relu") or dotted name (keras.activations.relu)."""
    return _ACTIVATIONS.get(spelling.rsplit(".", 1)[-1].lower())


_LOSSES = {
    "binary_crossentropy": "binary_crossentropy",
    "bce": "binary_crossentropy",
    "binarycrossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "cce": "categorical_crossentropy",
    "categoricalcrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "binary_focal_crossentropy": "binary_focal_crossentropy",
    "binaryfocalcrossentropy": "binary_focal_crossentropy",
    "categorical_focal_crossentropy": "categorical_focal_crossentropy",
    "categoricalfocalcrossentropy": "categorical_focal_crossentropy",
    "mse": "mean_squared_error",
    "mean_squared_error": "mean_squared_error",
    "meansquarederror": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mean_absolute_error": "mean_absolute_error",
    "meanabsoluteerror": "mean_absolute_error",
    "huber": "huber",
    "hinge": "hinge",
    "kld": "kl_divergence",
    "kl_divergence": "kl_divergence",
}


def loss_name(spelling: str) -> str:
    """Canonical loss for a string or dotted name; "other" for losses no rule reasons about."""
    return _LOSSES.get(spelling.rsplit(".", 1)[-1].lower(), "other")


_METRICS = {
    "accuracy": "accuracy",
    "acc": "accuracy",
    "binary_accuracy": "binary_accuracy",
    "binaryaccuracy": "binary_accuracy",
    "categorical_accuracy": "categorical_accuracy",
    "categoricalaccuracy": "categorical_accuracy",
    "sparse_categorical_accuracy": "sparse_categorical_accuracy",
    "sparsecategoricalaccuracy": "sparse_categorical_accuracy",
}


def metric_name(spelling: str) -> str:
    return _METRICS.get(spelling.rsplit(".", 1)[-1].lower(), "other")


@dataclass(frozen=True)
class DatasetInfo:
    """What `keras.datasets.<name>.load_data()` returns."""

    sample_shape: tuple[int, ...] | None
    classes: int | None  # None for regression targets
    pixels: bool


KERAS_DATASETS = {
    "mnist": DatasetInfo((28, 28), 10, True),
    "fashion_mnist": DatasetInfo((28, 28), 10, True),
    "cifar10": DatasetInfo((32, 32, 3), 10, True),
    "cifar100": DatasetInfo((32, 32, 3), 100, True),
    "imdb": DatasetInfo(None, 2, False),
    "reuters": DatasetInfo(None, 46, False),
    "boston_housing": DatasetInfo((13,), None, False),
    "california_housing": DatasetInfo((8,), None, False),
}

# Words in a data file's name that say it holds 0..255 image pixels, one column each.
PIXEL_FILE_WORDS = ("mnist", "cifar")

SKLEARN_METRICS = frozenset(
    {
        "accuracy_score",
        "precision_score",
        "recall_score",
        "f1_score",
        "fbeta_score",
        "balanced_accuracy_score",
        "confusion_matrix",
        "classification_report",
        "roc_auc_score",
        "log_loss",
        "matthews_corrcoef",
        "cohen_kappa_score",
        "mean_squared_error",
        "mean_absolute_error",
        "r2_score",
        "top_k_accuracy_score",
        "jaccard_score",
        "hamming_loss",
    }
)

# Preprocessing that learns statistics from the rows it is fitted on (so fitting it on
# all the data leaks the test rows into training). Normalizer works row by row: not here.
LEARNING_TRANSFORMERS = frozenset(
    {
        "StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "QuantileTransformer", "PowerTransformer",
        "PCA", "TruncatedSVD", "SimpleImputer", "KNNImputer", "IterativeImputer", "SelectKBest",
    }
)
SCALING_TRANSFORMERS = frozenset(
    {"StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "QuantileTransformer", "PowerTransformer", "Normalizer"}
)
# Label encoders and the encoding their transform produces.
LABEL_ENCODERS = {
    "LabelEncoder": "integer",
    "OrdinalEncoder": "integer",
    "OneHotEncoder": "one-hot",
    "LabelBinarizer": "one-hot",
    "MultiLabelBinarizer": "multi-hot",
}
FOLD_SPLITTERS = frozenset({"KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold", "ShuffleSplit", "StratifiedShuffleSplit"})
SKLEARN_CLASSES = LEARNING_TRANSFORMERS | SCALING_TRANSFORMERS | LABEL_ENCODERS.keys() | FOLD_SPLITTERS


def role_from_name(name: str) -> str | None:
    """What a variable's name says about its split: weak evidence, used only to label a known split."""
    lowered = name.lower()
    if "test" in lowered:
        return "test"
    if "val" in lowered or "dev" in lowered:
        return "validation"
    if "train" in lowered:
        return "train"
    return None


# Words that name the part, not the data: X_train and X_test are both "x".
_PART_WORDS = frozenset({"train", "test", "val", "valid", "validation", "tr", "te", "trn", "tst", "dev", "full", "all"})


def _stem(name: str) -> str:
    return "_".join(word for word in name.lower().split("_") if word not in _PART_WORDS)


def unpacked_by_part(names: tuple[str, ...], inputs: int) -> bool:
    """`X_train, y_train, X_test, y_test = train_test_split(X, y)`: all first parts, then all second parts.

    train_test_split returns each input's two parts together (X_train, X_test, y_train,
    y_test); names whose data words pair up across the halves show the other reading.
    """
    if inputs < 2 or len(names) != 2 * inputs:
        return False
    stems = [_stem(name) for name in names]
    in_order = all(stems[2 * index] == stems[2 * index + 1] for index in range(inputs))
    by_part = all(stems[index] == stems[inputs + index] for index in range(inputs))
    return not in_order and by_part and len(set(stems[:inputs])) == inputs

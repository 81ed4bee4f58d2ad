"""What NumPy, pandas, scikit-learn, `random` and Keras data utilities do to abstract data.

Each handler takes the call's Arguments and returns the abstract value of its result.
A handler knows only what the library guarantees; anything else comes back UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from keraslint.arguments import Arguments
from keraslint.keras_names import KERAS_DATASETS, LABEL_ENCODERS, PIXEL_FILE_WORDS, role_from_name
from keraslint.types import Fact
from keraslint.values import (
    UNKNOWN,
    Array,
    Const,
    Dataset,
    Encoding,
    Growing,
    Instance,
    Interval,
    Scale,
    Sequence,
    Split,
    Value,
    as_interval,
    as_number,
    fresh_id,
    join,
)

# Raw numbers at least this large in magnitude make a network's first layers saturate.
LARGE_VALUE = 1000.0
# Dividing by at least this much (or multiplying by at most its inverse) scales 0..255 down.
SCALING_DIVISOR = 100.0


class Lineage:
    """The bookkeeping shared by all handlers of one file: row identities and split tokens."""

    def __init__(self, text: str):
        self.text_lower = text.lower()
        self._derived_rows: dict[tuple[int, str], int] = {}
        self._splits = 0

    def derived_rows(self, rows: int, key: str) -> int:
        """The same subset of the same rows always gets the same identity."""
        return self._derived_rows.setdefault((rows, key), fresh_id())

    def next_split_call(self) -> int:
        self._splits += 1
        return self._splits

    def mentions(self, word: str) -> bool:
        return word in self.text_lower


Handler = Callable[[Arguments, Lineage], Value]


def _array(value: Value) -> Array | None:
    return value if isinstance(value, Array) else None


def as_array(value: Value) -> Array | None:
    """np.array(...) of a list the script built, of a literal table, or of an array."""
    if isinstance(value, Array):
        return value.derive(container="ndarray")
    if isinstance(value, Growing) and value.element is not None:
        element = value.element
        if isinstance(element, Array):
            return element.derive(rows=fresh_id(), one_sample=None, container="ndarray", split=None)
        if isinstance(element, Sequence):
            columns = tuple(as_interval(item) for item in element.items)
            if all(columns):
                return Array(rows=fresh_id(), container="ndarray", columns=columns, sample_shape=(len(columns),))
    if isinstance(value, Sequence):
        rows = _literal_table(value)
        if rows is not None:
            if not isinstance(rows[0], tuple):  # a literal vector
                return Array(rows=fresh_id(), container="ndarray", sample_shape=())
            columns = tuple(Interval(min(column), max(column)) for column in zip(*rows))
            # A table of 0/1 rows is a lookup table for labels (np.eye-like, segment codes).
            lookup = all(cell in (0, 1) for row in rows for cell in row)
            return Array(
                rows=fresh_id(),
                container="ndarray",
                literal_rows=rows,
                columns=columns,
                sample_shape=(len(columns),),
                table=lookup,
            )
    return None


def _literal_table(value: Sequence) -> tuple | None:
    """A literal list of numbers or of equal-length rows of numbers."""
    items = value.items
    if items and all(isinstance(item, Sequence) for item in items):
        rows = tuple(tuple(as_number(cell) for cell in item.items) for item in items)  # type: ignore[union-attr]
        if len({len(row) for row in rows}) == 1 and all(cell is not None for row in rows for cell in row):
            return rows
        return None
    numbers = tuple(as_number(item) for item in items)
    return numbers if items and all(number is not None for number in numbers) else None


def np_array(args: Arguments, lineage: Lineage) -> Value:
    operand = args.get(0, "object")
    if operand is None:
        return UNKNOWN
    return as_array(operand.value) or UNKNOWN


def np_eye(args: Arguments, lineage: Lineage) -> Value:
    classes = as_number(args.value(0, "N"))
    if not isinstance(classes, int) or args.get(1, "M") is not None:
        return UNKNOWN
    fact = Fact(f"one-hot rows of {classes} classes", args.node)
    return Array(rows=fresh_id(), container="ndarray", encoding=Encoding("one-hot", classes, fact), sample_shape=(classes,), table=True)


def keep_first(args: Arguments, lineage: Lineage) -> Value:
    """Functions that change neither the rows nor the values of their first argument."""
    array = _array(args.value(0))
    return array.derive(sample_shape=None, shape_fact=None) if array else UNKNOWN


def np_dot(args: Arguments, lineage: Lineage) -> Value:
    """np.dot(rgb, weights): a weighted sum with weights summing to 1 keeps the value range (rgb2gray)."""
    array = _array(args.value(0))
    weights = args.value(1)
    if array is None or not isinstance(weights, Sequence):
        return UNKNOWN
    numbers = [as_number(item) for item in weights.items]
    if all(number is not None and number >= 0 for number in numbers) and 0.9 <= sum(numbers) <= 1.1:  # type: ignore[misc]
        return array.derive(sample_shape=None, shape_fact=None)
    return UNKNOWN


def np_argmax(args: Arguments, lineage: Lineage) -> Value:
    array = _array(args.value(0, "a"))
    if array is None:
        return UNKNOWN
    classes = array.encoding.classes if array.encoding else None
    if array.one_sample and args.get(1, "axis") is None:
        return array.derive(encoding=None, sample_shape=None, shape_fact=None)
    fact = Fact("class indices from argmax" if array.predicted_by is None else "predicted class indices", args.node)
    return array.derive(encoding=Encoding("integer", classes, fact), sample_shape=(), shape_fact=None, scale=None)


def np_expand_dims(args: Arguments, lineage: Lineage) -> Value:
    array = _array(args.value(0, "a"))
    return array.derive(sample_shape=None, shape_fact=None) if array else UNKNOWN


def np_load(args: Arguments, lineage: Lineage) -> Value:
    return _file_data(args, "numpy.load")


def read_csv(args: Arguments, lineage: Lineage) -> Value:
    return _file_data(args, "pandas.read_csv")


def _file_data(args: Arguments, function: str) -> Value:
    path = args.value(0)
    if not (isinstance(path, Const) and isinstance(path.value, str)):
        return Array(rows=fresh_id(), container="dataframe" if function == "pandas.read_csv" else "ndarray")
    file_name = path.value.replace("\\", "/").rsplit("/", 1)[-1]
    role = role_from_name(file_name)
    # Files of one split (test images, test labels) are one split: the token is the role.
    split = Split(f"files:{role}", role, Fact(f"rows read from {file_name}, the {role} split", args.node)) if role else None
    pixels = function == "pandas.read_csv" and any(word in file_name.lower() for word in PIXEL_FILE_WORDS)
    return Array(
        rows=fresh_id(),
        split=split,
        container="dataframe" if function == "pandas.read_csv" else "ndarray",
        pixel_columns=pixels,
        scale=None,
    )


def feature_columns_of(frame: Array, node: cst.CSTNode) -> Array:
    """Feature columns taken out of a table; out of an image table they are 0..255 pixels."""
    if not frame.pixel_columns:
        return frame.derive(container="dataframe", pixel_columns=False)
    fact = Fact("pixel columns of an image table (0..255)", node)
    return frame.derive(pixel_columns=False, scale=Scale("pixels", fact, 255))


def label_column_of(frame: Array) -> Array:
    return frame.derive(pixel_columns=False, scale=None, sample_shape=())


def train_test_split(args: Arguments, lineage: Lineage) -> Value:
    # X and y of one call share a part's token, so that X_test and y_test always match.
    """Each input comes back as two parts: inputs (a, b) -> (a_part0, a_part1, b_part0, b_part1)."""
    if args.has_unpacking or not args.positional:
        return UNKNOWN
    call = lineage.next_split_call()
    parts: list[Value] = []
    for operand in args.positional:
        array = _array(operand.value)
        for part in (0, 1):
            if array is None:
                parts.append(UNKNOWN)
                continue
            parent = f"{array.split.token}>" if array.split else ""
            # The part's role comes from the name it is bound to (X_val, X_test, ...).
            role = None
            fact = Fact(f"the {'first' if part == 0 else 'second'} part of a train_test_split", args.node)
            parts.append(
                array.derive(
                    rows=lineage.derived_rows(array.rows, f"split{call}.{part}"),
                    split=Split(f"{parent}split{call}.{part}", role, fact),
                )
            )
    return Sequence(tuple(parts))


def load_data(dataset: str) -> Handler:
    """keras.datasets.<dataset>.load_data(): ((x_train, y_train), (x_test, y_test))."""
    info = KERAS_DATASETS[dataset]

    def handler(args: Arguments, lineage: Lineage) -> Value:
        classes = info.classes
        if dataset == "cifar100" and args.value(None, "label_mode") == Const("coarse"):
            classes = 20
        halves = []
        for role in ("train", "test"):
            rows = fresh_id()
            split = Split(f"{dataset}:{role}", role, Fact(f"the {role} split of {dataset}.load_data()", args.node))
            scale = Scale("pixels", Fact(f"{dataset} images are uint8 0..255", args.node), 255) if info.pixels else None
            features = Array(rows, split, scale, None, info.sample_shape, Fact(f"{dataset} images are {info.sample_shape}", args.node) if info.sample_shape else None, "ndarray")
            encoding = Encoding("integer", classes, Fact(f"{dataset} labels are integers 0..{classes - 1}", args.node)) if classes else None
            labels = Array(rows, split, None, encoding, None, None, "ndarray")
            halves.append(Sequence((features, labels)))
        return Sequence(tuple(halves))

    return handler


def to_categorical(args: Arguments, lineage: Lineage) -> Value:
    labels = _array(args.value(0, "y"))
    classes = as_number(args.value(1, "num_classes"))
    if not isinstance(classes, int):
        classes = labels.encoding.classes if labels and labels.encoding else None
    fact = Fact(f"one-hot of {classes} classes" if classes else "one-hot", args.node)
    encoding = Encoding("one-hot", classes, fact)
    if labels is None:
        return Array(rows=fresh_id(), encoding=encoding, container="ndarray")
    return labels.derive(encoding=encoding, scale=None, sample_shape=(classes,) if classes else None, shape_fact=None)


def random_number(args: Arguments, lineage: Lineage) -> Value:
    """random.randrange(a, b), randint(a, b), uniform(a, b): a number within known bounds."""
    low, high = as_number(args.value(0)), as_number(args.value(1))
    if low is None:
        return UNKNOWN
    if high is None:
        low, high = 0, low
    return Interval(min(low, high), max(low, high))


def scaled_by(array: Array, node: cst.CSTNode, how: str) -> Array:
    source = array.scale.kind if array.scale and array.scale.kind != "scaled" else None
    return array.derive(scale=Scale("scaled", Fact(how, node), source=source))


def scaled_result(args: Arguments, lineage: Lineage) -> Value:
    array = _array(args.value(0))
    return scaled_by(array, args.node, "scaled") if array else UNKNOWN


def with_large_range(array: Array, node: cst.CSTNode) -> Array:
    """Attach a "large" scale when every column's range is known and one is large."""
    if array.columns is None or not all(array.columns):
        return array
    high = max(max(abs(column.low), abs(column.high)) for column in array.columns)  # type: ignore[union-attr]
    if high >= LARGE_VALUE:
        return array.derive(scale=Scale("large", Fact(f"raw values up to {high:g}", node), high))
    if all(column.low >= 0 and column.high <= 1 and column.low != column.high for column in array.columns):  # type: ignore[union-attr]
        return array.derive(scale=Scale("scaled", Fact("values within 0..1", node)))
    return array


def binary_labels(array: Array, node: cst.CSTNode) -> Array:
    """A single column whose values are the integers 0 and 1."""
    if array.columns and len(array.columns) == 1 and array.columns[0] == Interval(0, 1):
        return array.derive(encoding=Encoding("binary", 2, Fact("labels 0 and 1", node)))
    return array


def table_lookup(table: Array, index: Value, node: cst.CSTNode) -> Array:
    """`table[y]`: each label picks a row of a literal table, e.g. np.eye(10)[y] or a segment table."""
    encoding = table.encoding
    if encoding is None and table.literal_rows:
        ones = {sum(1 for cell in row if cell == 1) for row in table.literal_rows}
        binary = all(cell in (0, 1) for row in table.literal_rows for cell in row)
        width = len(table.literal_rows[0])
        if binary and ones == {1}:
            encoding = Encoding("one-hot", width, Fact(f"one-hot rows of {width} classes", node))
        elif binary:
            encoding = Encoding("multi-hot", width, Fact(f"multi-hot rows of {width} outputs (several 1s per row)", node))
    if encoding is not None:
        encoding = Encoding(encoding.kind, encoding.classes, Fact(encoding.fact.text, node))
    if not isinstance(index, Array):
        return Array(rows=fresh_id(), encoding=encoding, container="ndarray", sample_shape=table.sample_shape)
    return index.derive(encoding=encoding, scale=None, sample_shape=table.sample_shape, shape_fact=None, container="ndarray")




def read_image(args: Arguments, lineage: Lineage) -> Value:
    """cv2.imread, PIL.Image.open, load_img: one image of 0..255 pixels."""
    # Not marked as one sample of a data set: a loop over files may be a handful to show.
    fact = Fact("an image file read as 0..255 pixels", args.node)
    return Array(rows=fresh_id(), scale=Scale("pixels", fact, 255), container="ndarray")


def _labels_of_mode(mode: Value, default: str, node: cst.CSTNode) -> Array | None:
    """The labels of a directory of class folders, as `label_mode=` / `class_mode=` says."""
    kind = {"int": "integer", "sparse": "integer", "categorical": "one-hot", "binary": "binary"}.get(
        mode.value if isinstance(mode, Const) and isinstance(mode.value, str) else default
    )
    if isinstance(mode, Const) and mode.value is None or kind is None:
        return None
    return Array(rows=fresh_id(), encoding=Encoding(kind, 2 if kind == "binary" else None, Fact(f"{kind} labels of the class folders", node)))


def image_dataset_from_directory(args: Arguments, lineage: Lineage) -> Value:
    fact = Fact("images from a directory, 0..255 pixels", args.node)
    features = Array(rows=fresh_id(), scale=Scale("pixels", fact, 255))
    return Dataset(features, _labels_of_mode(args.value(None, "label_mode"), "int", args.node))


def dataset_from_tensor_slices(args: Arguments, lineage: Lineage) -> Value:
    tensors = args.value(0, "tensors")
    if isinstance(tensors, Sequence) and len(tensors.items) == 2:
        return Dataset(_array(tensors.items[0]), _array(tensors.items[1]))
    return Dataset(_array(tensors), None)


def image_data_generator(args: Arguments, lineage: Lineage) -> Value:
    rescale = as_number(args.value(None, "rescale"))
    scales = rescale is not None and 0 < rescale <= 1 / SCALING_DIVISOR
    return Instance("ImageDataGenerator", rescales=Fact(f"ImageDataGenerator(rescale={rescale:g})", args.node) if scales else None)


def generator_flow(generator: Instance, method: str, args: Arguments) -> Value:
    """ImageDataGenerator.flow(x, y) and .flow_from_directory(path, class_mode=...)."""
    if method == "flow":
        features, labels = _array(args.value(0, "x")), _array(args.value(1, "y"))
    elif method in ("flow_from_directory", "flow_from_dataframe"):
        fact = Fact("images from a directory, 0..255 pixels", args.node)
        features = Array(rows=fresh_id(), scale=Scale("pixels", fact, 255))
        labels = _labels_of_mode(args.value(None, "class_mode"), "categorical", args.node)
    else:
        return UNKNOWN
    if features is not None and generator.rescales is not None:
        features = features.derive(scale=Scale("scaled", generator.rescales, source=features.scale.kind if features.scale else None))
    return Dataset(features, labels)


def get_dummies(args: Arguments, lineage: Lineage) -> Value:
    """pd.get_dummies of one label column gives one-hot labels; of a table, encoded features."""
    data = _array(args.value(0, "data"))
    if data is None or data.sample_shape != () or args.has("columns"):
        return data.derive(scale=None, encoding=None, columns=None) if data else UNKNOWN
    encoding = Encoding("one-hot", None, Fact("one-hot columns from pd.get_dummies", args.node))
    return data.derive(encoding=encoding, scale=None, container="dataframe", sample_shape=None)


def random_integers(args: Arguments, lineage: Lineage) -> Value:
    """np.random.randint(low, high, size) and rng.integers / rng.uniform: values within known bounds."""
    bounds = random_number(args, lineage)
    if not isinstance(bounds, Interval):
        return UNKNOWN
    return Array(rows=fresh_id(), container="ndarray", columns=(bounds,), sample_shape=())


def column_stack(args: Arguments, lineage: Lineage) -> Value:
    """np.column_stack([a, b, ...]): a 2-D array whose columns are the inputs."""
    parts = args.value(0, "tup")
    columns: list[Interval | None] = []
    known = isinstance(parts, Sequence)
    for part in parts.items if isinstance(parts, Sequence) else ():
        array = _array(part)
        if array is None or array.columns is None:
            known = False
            break
        columns.extend(array.columns)
    if known and columns:
        return with_large_range(Array(rows=fresh_id(), container="ndarray", columns=tuple(columns), sample_shape=(len(columns),)), args.node)
    return Array(rows=fresh_id(), container="ndarray", sample_shape=(-1,))


def permutation(args: Arguments, lineage: Lineage) -> Value:
    return Array(rows=fresh_id(), container="ndarray", selector="permutation", order_fact=Fact("a random permutation", args.node))


def arange(args: Arguments, lineage: Lineage) -> Value:
    return Array(rows=fresh_id(), container="ndarray", selector="indices")


def shuffled_together(args: Arguments, lineage: Lineage) -> Value:
    """sklearn.utils.shuffle(X, y): the arrays come back in one new, shared order."""
    order, fact = fresh_id(), Fact("shuffled together by sklearn.utils.shuffle", args.node)
    results = tuple(
        operand.value.derive(order=order, order_fact=fact) if isinstance(operand.value, Array) else UNKNOWN
        for operand in args.positional
    )
    return results[0] if len(results) == 1 else Sequence(results)


def label_encoded(encoder: Instance, array: Array, node: cst.CSTNode) -> Array:
    cls = encoder.cls
    kind = LABEL_ENCODERS[cls]
    classes = encoder.classes or (array.encoding.classes if array.encoding else None)
    return array.derive(encoding=Encoding(kind, classes, Fact(f"{kind} labels from {cls}", node)), scale=None, container="ndarray")


def join_all(values: list[Value]) -> Value:
    result = values[0]
    for value in values[1:]:
        result = join(result, value)
    return result


HANDLERS: dict[str, Handler] = {
    "numpy.array": np_array,
    "numpy.asarray": np_array,
    "numpy.asfarray": np_array,
    "numpy.eye": np_eye,
    "numpy.identity": np_eye,
    "numpy.dot": np_dot,
    "numpy.argmax": np_argmax,
    "numpy.expand_dims": np_expand_dims,
    "numpy.squeeze": keep_first,
    "numpy.copy": keep_first,
    "numpy.float32": keep_first,
    "numpy.load": np_load,
    "pandas.read_csv": read_csv,
    "keras.utils.to_categorical": to_categorical,
    "random.randrange": random_number,
    "random.randint": random_number,
    "random.uniform": random_number,
    "tensorflow.image.convert_image_dtype": scaled_result,
    "tensorflow.cast": keep_first,
    "tensorflow.convert_to_tensor": keep_first,
    "cv2.imread": read_image,
    "PIL.Image.open": read_image,
    "keras.utils.load_img": read_image,
    "imageio.imread": read_image,
    "imageio.v2.imread": read_image,
    "skimage.io.imread": read_image,
    "cv2.resize": keep_first,
    "cv2.cvtColor": keep_first,
    "keras.utils.img_to_array": keep_first,
    "PIL.Image.fromarray": keep_first,
    "keras.utils.image_dataset_from_directory": image_dataset_from_directory,
    "tensorflow.data.Dataset.from_tensor_slices": dataset_from_tensor_slices,
    "pandas.get_dummies": get_dummies,
    "numpy.random.permutation": permutation,
    "numpy.random.randint": random_integers,
    "numpy.random.uniform": random_integers,
    "numpy.column_stack": column_stack,
    "numpy.arange": arange,
    "sklearn.utils.shuffle": shuffled_together,
    "keras.utils.ImageDataGenerator": image_data_generator,
    **{f"keras.datasets.{name}.load_data": load_data(name) for name in KERAS_DATASETS},
}

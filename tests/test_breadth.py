"""The code shapes keraslint understands: each spelling of the same bug is found, and each
spelling of the same correct code is left alone."""

from __future__ import annotations

import pytest

from keraslint.engine import check_bytes
from keraslint.rule import all_rules


def codes(source: str) -> list[str]:
    report = check_bytes("script.py", source.encode(), all_rules())
    return sorted(finding.code for finding in report.findings)


# KL101 (ten sigmoid units, binary cross-entropy, one-hot labels) under every import spelling.
SIGMOID_HEADS = {
    "keras 3": """
import keras
model = keras.Sequential([keras.layers.Dense(10, activation="sigmoid")])
""",
    "from tensorflow import keras": """
from tensorflow import keras
model = keras.models.Sequential([keras.layers.Dense(10, activation="sigmoid")])
""",
    "tf.keras": """
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation=tf.nn.sigmoid)])
""",
    "from tensorflow.keras.layers import Dense": """
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
model = Sequential([Dense(10, activation="sigmoid")])
""",
    "tf_keras": """
import tf_keras
model = tf_keras.Sequential([tf_keras.layers.Dense(10, activation="sigmoid")])
""",
    "aliased layers": """
import keras
from keras import layers as L
model = keras.Sequential([L.Dense(10, activation=keras.activations.sigmoid)])
""",
    "old module paths": """
from keras.models import Sequential
from keras.layers.core import Dense
model = Sequential()
model.add(Dense(10, activation="sigmoid"))
""",
}
SIGMOID_TRAINING = """
import numpy as np
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(x, np.eye(10)[labels])
"""


@pytest.mark.parametrize("spelling", SIGMOID_HEADS, ids=str)
def test_import_spellings(spelling: str) -> None:
    assert codes(SIGMOID_HEADS[spelling] + SIGMOID_TRAINING) == ["KL101"]


# A relu output with binary cross-entropy (KL102), in every way of building a model.
MODELS = {
    "Sequential list": """
model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="relu")])
""",
    "add chain": """
model = keras.Sequential()
model.add(keras.layers.Dense(8, activation="relu"))
model.add(keras.layers.Dense(1, activation="relu"))
""",
    "functional": """
inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(1, activation="relu")(hidden)
model = keras.Model(inputs=inputs, outputs=outputs)
""",
    "subclassed": """
class Classifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(1, activation="relu")

    def call(self, inputs):
        return self.out(self.hidden(inputs))

model = Classifier()
""",
    "helper with parameters": """
def build_model(units, final):
    return keras.Sequential([keras.layers.Dense(units, activation="relu"), keras.layers.Dense(1, activation=final)])

model = build_model(8, "relu")
""",
    "separate activation layer": """
model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1), keras.layers.ReLU()])
""",
    "nested Sequential": """
body = keras.Sequential([keras.layers.Dense(8, activation="relu")])
model = keras.Sequential([body, keras.layers.Dense(1), keras.layers.Activation("relu")])
""",
}


@pytest.mark.parametrize("shape", MODELS, ids=str)
def test_model_shapes(shape: str) -> None:
    source = "import keras\n" + MODELS[shape] + 'model.compile(loss="binary_crossentropy", optimizer="adam")\n'
    assert codes(source) == ["KL102"]


@pytest.mark.parametrize(
    "loss",
    ['"bce"', '"binary_crossentropy"', "keras.losses.binary_crossentropy", "keras.losses.BinaryCrossentropy()"],
)
def test_loss_spellings(loss: str) -> None:
    source = f"""
import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(loss={loss}, optimizer="adam")
"""
    assert codes(source) == ["KL102"]


def test_a_loss_object_with_from_logits_is_understood() -> None:
    source = """
import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")
"""
    assert codes(source) == []


PIXEL_SOURCES = {
    **{
        name: f"(x, y), (x_test, y_test) = keras.datasets.{name}.load_data()\n"
        for name in ("mnist", "fashion_mnist", "cifar10", "cifar100")
    },
    "PIL loop": """
import numpy as np
from PIL import Image
images = []
for path in paths:
    images.append(np.asarray(Image.open(path).convert("L").resize((28, 28))))
x = np.array(images)
""",
    "cv2 loop": """
import cv2
import numpy as np
frames = []
for p in paths:
    frames.append(cv2.resize(cv2.imread(p), (64, 64)))
x = np.array(frames)
""",
    "load_img loop": """
import numpy as np
batch = []
for p in paths:
    batch.append(keras.utils.img_to_array(keras.utils.load_img(p, target_size=(64, 64))))
x = np.array(batch)
""",
    "image_dataset_from_directory": 'x = keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))\n',
    "ImageDataGenerator without rescale": """
from keras.preprocessing.image import ImageDataGenerator
x = ImageDataGenerator(horizontal_flip=True).flow_from_directory("photos", class_mode="sparse")
""",
    "MNIST CSV": """
import pandas as pd
x = pd.read_csv("data/mnist_train.csv").drop(columns=["label"]).to_numpy()
""",
}


@pytest.mark.parametrize("data", PIXEL_SOURCES, ids=str)
def test_pixel_sources(data: str) -> None:
    source = "import keras\n" + PIXEL_SOURCES[data] + """
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, epochs=3)
"""
    assert codes(source) == ["KL201"]


SCALINGS = {
    "divide": "x = x / 255.0",
    "multiply": "x = x.astype('float32') * (1.0 / 255)",
    "in place": "x = x.astype('float32')\nx /= 255",
    "helper": "def normalise(a):\n    return a / 255.0\n\nx = normalise(x)",
    "scaler": "from sklearn.preprocessing import MinMaxScaler\nx = MinMaxScaler().fit_transform(x.reshape(len(x), -1))",
    "tf.data map": "x = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (a / 255.0, b))\ny = None",
    "Rescaling applied to data": "x = keras.layers.Rescaling(1.0 / 255)(x)",
}


@pytest.mark.parametrize("scaling", SCALINGS, ids=str)
def test_scalings_are_seen(scaling: str) -> None:
    source = f"""
import keras
import tensorflow as tf
(x, y), _ = keras.datasets.mnist.load_data()
{SCALINGS[scaling]}
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y)
"""
    assert codes(source) == []


def test_an_image_generator_that_rescales_is_scaled() -> None:
    source = """
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator
train = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory("photos", class_mode="categorical")
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(5, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(train, epochs=3)
"""
    assert codes(source) == []


LABELS = {
    "to_categorical": "keras.utils.to_categorical(y, 3)",
    "np.eye": "np.eye(3)[y]",
    "get_dummies": "pd.get_dummies(pd.read_csv('penguins.csv')['species']).values",
    "OneHotEncoder": "OneHotEncoder().fit_transform(y.reshape(-1, 1)).toarray()",
    "LabelBinarizer": "LabelBinarizer().fit_transform(y)",
}


@pytest.mark.parametrize("encoding", LABELS, ids=str)
def test_one_hot_label_spellings_meet_sparse_loss(encoding: str) -> None:
    source = f"""
import numpy as np
import pandas as pd
import keras
from sklearn.preprocessing import LabelBinarizer, OneHotEncoder
labels = {LABELS[encoding]}
model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, labels)
"""
    assert codes(source) == ["KL105"]


def test_label_encoder_gives_integer_labels() -> None:
    source = """
import keras
from sklearn.preprocessing import LabelEncoder
labels = LabelEncoder().fit_transform(names)
model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(x, labels)
"""
    assert codes(source) == ["KL105"]


def test_multi_hot_targets_are_multi_label() -> None:
    source = """
import keras
from sklearn.preprocessing import MultiLabelBinarizer
targets = MultiLabelBinarizer().fit_transform(tags)
model = keras.Sequential([keras.layers.Dense(20, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=[keras.metrics.BinaryAccuracy()])
model.fit(x, targets)
"""
    assert codes(source) == []


SPLITS = {
    "slicing": "x_val, y_val = x_train[:5000], y_train[:5000]",
    "train_test_split": "x_train, x_val, y_train, y_val = train_test_split(x_train, y_train, test_size=0.1)",
    "chained three-way": (
        "x_all, x_test, y_all, y_test = train_test_split(x_train, y_train, test_size=0.2)\n"
        "x_train, x_val, y_train, y_val = train_test_split(x_all, y_all, test_size=0.1)"
    ),
}


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_validation_reported_as_test_is_found_for_every_split(split: str) -> None:
    source = f"""
import keras
from sklearn.model_selection import train_test_split
(x_train, y_train), _ = keras.datasets.mnist.load_data()
{SPLITS[split]}
model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, validation_data=(x_val, y_val))
test_loss, test_acc = model.evaluate(x_val, y_val)
"""
    assert codes(source) == ["KL303"]


def test_k_fold_done_right_is_clean() -> None:
    source = """
import numpy as np
import keras
from sklearn.model_selection import KFold
(x, y), _ = keras.datasets.mnist.load_data()
x = x / 255.0
for train_idx, val_idx in KFold(n_splits=5, shuffle=True).split(x):
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(x[train_idx], y[train_idx], validation_data=(x[val_idx], y[val_idx]))
    scores = model.evaluate(x[val_idx], y[val_idx])
"""
    assert codes(source) == []


def test_k_fold_scored_on_training_fold_is_found() -> None:
    source = """
import numpy as np
import keras
from sklearn.model_selection import KFold
(x, y), _ = keras.datasets.mnist.load_data()
x = x / 255.0
for train_idx, val_idx in KFold(n_splits=5).split(x):
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    model.fit(x[train_idx], y[train_idx])
    scores = model.evaluate(x[train_idx], y[train_idx])
"""
    assert codes(source) == ["KL301"]

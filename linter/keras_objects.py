"""Reading Keras constructors: layers, models, losses, metrics and compile calls."""

from __future__ import annotations

import libcst as cst

from keraslint.arguments import Arguments
from keraslint.keras_names import activation_name, loss_name, metric_name
from keraslint.values import (
    UNKNOWN,
    Compile,
    Const,
    Instance,
    Layer,
    Loss,
    Metric,
    Model,
    Qualified,
    Sequence,
    Tensor,
    Value,
    as_number,
    as_shape,
)

# Where each layer class takes its activation when it is given by position.
_ACTIVATION_POSITION = {"Dense": 1, "Activation": 0}
# Layers whose activation is linear unless one is given.
_LINEAR_BY_DEFAULT = ("Dense", "Conv1D", "Conv2D", "Conv3D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose")


def activation_of(value: Value) -> str | None:
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if isinstance(value.value, str):
            return activation_name(value.value)
    if isinstance(value, Qualified):
        return activation_name(value.name)
    return None


def declared_input_shape(args: Arguments) -> tuple[tuple[int, ...] | None, cst.CSTNode | None]:
    """The per-sample shape a layer declares with input_shape=, input_dim=, shape= or batch_input_shape=."""
    for name in ("input_shape", "shape"):
        operand = args.get(None, name)
        if operand:
            return as_shape(operand.value), operand.node
    operand = args.get(None, "input_dim")
    if operand:
        dim = as_number(operand.value)
        return ((dim,) if isinstance(dim, int) else None), operand.node
    operand = args.get(None, "batch_input_shape")
    if operand and isinstance(operand.value, Sequence):
        return as_shape(Sequence(operand.value.items[1:])), operand.node
    return None, None


def make_layer(kind: str, args: Arguments) -> Layer:
    units = as_number(args.value(0, "units")) if kind == "Dense" else None
    operand = args.get(_ACTIVATION_POSITION.get(kind), "activation")
    if operand is not None:
        activation = activation_of(operand.value)
    else:
        activation = "linear" if kind in _LINEAR_BY_DEFAULT and not args.has_unpacking else None
    shape, shape_node = declared_input_shape(args)
    return Layer(
        kind,
        args.node,
        units=units if isinstance(units, int) else None,
        activation=activation,
        input_shape=shape,
        input_shape_node=shape_node,
    )


def make_sequential(args: Arguments) -> Model:
    model = Model(args.node)
    operand = args.get(0, "layers")
    if operand is None:
        return model
    if isinstance(operand.value, Sequence):
        items = operand.value.items
        nodes = _element_nodes(operand.node)
        if len(nodes) != len(items):  # a list built by concatenation: no node per layer
            nodes = [operand.node] * len(items)
        for item, node in zip(items, nodes):
            add_layer(model, item, node)
    else:
        model.complete = False
    return model


def add_layer(model: Model, value: Value, node: cst.CSTNode) -> None:
    if isinstance(value, Tensor) and not value.layers:  # keras.Input(...) opening a Sequential
        value = Layer("InputLayer", node, input_shape=value.input_shape, input_shape_node=value.input_node)
    if isinstance(value, Layer):
        model.layers.append(value)
    elif isinstance(value, Model):  # a nested Sequential, e.g. of augmentation layers
        model.layers.extend(value.layers)
        model.complete = model.complete and value.complete
    else:  # a pretrained base, a nested model, a custom layer: we no longer know the whole stack
        model.layers.append(Layer("?", node))
        model.complete = False


def make_functional(args: Arguments) -> Model:
    """keras.Model(inputs, outputs): the stack is the path the output tensor went through."""
    model = Model(args.node)
    outputs = args.value(1, "outputs")
    if not isinstance(outputs, Tensor):
        model.complete = False
        return model
    model.layers.extend(outputs.layers)
    if outputs.input_shape is not None and outputs.layers:
        first = outputs.layers[0]
        if first.input_shape is None:
            model.layers[0] = Layer(
                first.kind, first.node, first.units, first.activation, outputs.input_shape, outputs.input_node
            )
    return model


def make_input(args: Arguments) -> Tensor:
    shape, node = declared_input_shape(args)
    if shape is None and args.get(0) is not None:
        shape, node = as_shape(args.value(0)), args.get(0).node
    return Tensor((), shape, node)


def call_layer(layer: Layer | Model, args: Arguments) -> Value:
    """`Dense(10)(x)` in the functional API; a model applied to a tensor adds its layers."""
    source = args.value(0, "inputs")
    if not isinstance(source, Tensor):
        return UNKNOWN
    if isinstance(layer, Model):
        if not layer.complete:
            return UNKNOWN
        return Tensor((*source.layers, *layer.layers), source.input_shape, source.input_node)
    return Tensor((*source.layers, layer), source.input_shape, source.input_node)


def _spelling(value: Value) -> str | None:
    """How a loss or metric is named: a string, or the dotted name of a Keras function."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if isinstance(value, Qualified) and value.name.startswith("keras."):
        return value.name
    return None


def make_loss(value: Value, node: cst.CSTNode) -> Loss | None:
    if isinstance(value, Loss):
        return value
    spelling = _spelling(value)
    return Loss(loss_name(spelling), node) if spelling else None


def construct_loss(name: str, args: Arguments) -> Loss:
    """keras.losses.BinaryCrossentropy(from_logits=...)."""
    operand = args.get(None, "from_logits")
    from_logits: bool | None = False
    if operand is not None:
        literal = operand.value
        from_logits = literal.value if isinstance(literal, Const) and isinstance(literal.value, bool) else None
    return Loss(loss_name(name), args.node, from_logits)


def make_metric(value: Value, node: cst.CSTNode) -> Metric | None:
    if isinstance(value, Metric):
        return value
    spelling = _spelling(value)
    return Metric(metric_name(spelling), node) if spelling else None


def make_compile(args: Arguments) -> Compile:
    loss_operand = args.get(1, "loss")
    loss = make_loss(loss_operand.value, loss_operand.node) if loss_operand else None
    metrics: list[Metric] = []
    metrics_operand = args.get(None, "metrics")
    if metrics_operand is not None and isinstance(metrics_operand.value, Sequence):
        element_nodes = _element_nodes(metrics_operand.node)
        for item, node in zip(metrics_operand.value.items, element_nodes):
            metric = make_metric(item, node)
            if metric is not None:
                metrics.append(metric)
    return Compile(args.node, loss, tuple(metrics))


def _element_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, (cst.List, cst.Tuple)):
        return [element.value for element in node.elements]
    return []


def make_callback(cls: str, args: Arguments) -> Instance:
    """A callback selects on validation data when it acts on a val_ score (the default monitor)."""
    monitor = args.value(None, "monitor")
    on_validation = not (isinstance(monitor, Const) and isinstance(monitor.value, str) and not monitor.value.startswith("val_"))
    if cls == "ModelCheckpoint":
        best_only = args.value(None, "save_best_only")
        return Instance(cls, on_validation and best_only == Const(True))
    return Instance(cls, on_validation and cls in ("EarlyStopping", "ReduceLROnPlateau"))

"""Reading a module into ScriptFacts, in one pass and in program order.

The reader walks statements as Python would run them once: loop bodies once, both
branches of an `if` (then joins what they bound), and user functions inlined at each
call with their arguments bound. Expressions evaluate to the abstract values of
keraslint.values. Calls of Keras models become events (fit, evaluate, predict), as do
scikit-learn metric calls, shuffles, splits and preprocessing fits.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache

import libcst as cst

from keraslint import keras_objects, library
from keraslint.arguments import Arguments
from keraslint.keras_names import (
    FOLD_SPLITTERS,
    LABEL_ENCODERS,
    LEARNING_TRANSFORMERS,
    MODEL_CLASSES,
    SCALING_TRANSFORMERS,
    SKLEARN_CLASSES,
    SKLEARN_METRICS,
    canonical,
    layer_kind,
    metric_name,
    role_from_name,
    unpacked_by_part,
)
from keraslint.facts import MetricCall, ModelCall, PreprocessingFit, ScriptFacts, ShuffleCall, SplitCall
from keraslint.library import SCALING_DIVISOR, Lineage
from keraslint.types import Fact
from keraslint.values import (
    UNKNOWN,
    Array,
    BoundMethod,
    ClassDef,
    Const,
    Dataset,
    Encoding,
    Function,
    Growing,
    Instance,
    Interval,
    Lambda,
    Layer,
    Metric,
    Model,
    Obj,
    Operand,
    Qualified,
    Scale,
    Sequence,
    Split,
    Tensor,
    Value,
    as_interval,
    as_number,
    join,
)
from keraslint.values import SCALING_LAYERS

# A loop over at most this many rows looks at examples; it does not process a data set.
FEW_ROWS = 32
# How deep user functions are inlined into each other before their results are UNKNOWN.
MAX_INLINE_DEPTH = 4

_BUILTINS = frozenset({"zip", "range", "len", "enumerate", "list", "tuple", "print", "open", "min", "max", "sum", "float", "int", "sorted", "reversed"})
_MODEL_METHODS = {"fit": "fit", "fit_generator": "fit", "evaluate": "evaluate", "evaluate_generator": "evaluate", "predict": "predict", "predict_generator": "predict", "predict_classes": "predict", "predict_proba": "predict"}
# Array methods that keep the rows and the values (only the layout or dtype changes).
_LAYOUT_METHODS = frozenset(
    {"astype", "copy", "to_numpy", "squeeze", "tolist", "fillna", "toarray", "todense", "convert", "resize", "reset_index", "rename", "set_index"}
)
# Table methods that keep some of the rows.
_ROW_SUBSET_METHODS = frozenset({"dropna", "drop_duplicates", "head", "tail", "query", "nlargest", "nsmallest"})
# tf.data methods that change neither what the features are nor how they are scaled.
_PIPELINE_METHODS = frozenset({"batch", "shuffle", "prefetch", "cache", "repeat", "take", "skip", "unbatch", "padded_batch", "with_options", "filter"})
_RESHAPING_METHODS = frozenset({"reshape", "flatten", "ravel", "transpose"})


def build_facts(module: cst.Module, text: str) -> ScriptFacts:
    """`text` is the module's source, for the few facts read from plain text (e.g. "cifar")."""
    reader = _Reader(module, text)
    reader.run_module()
    return reader.facts


class Scope:
    def __init__(self, parent: Scope | None = None):
        self.names: dict[str, Value] = {}
        self.parent = parent
        self.global_names: set[str] = set()

    def lookup(self, name: str) -> Value | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def owner(self, name: str) -> Scope:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope
            scope = scope.parent
        return self

    def root(self) -> Scope:
        return self if self.parent is None else self.parent.root()


class _Reader:
    def __init__(self, module: cst.Module, text: str):
        self.facts = ScriptFacts(module)
        self.lineage = Lineage(text)
        self.scope = Scope()
        self.loop_depth = 0
        self.inline_stack: list[cst.FunctionDef] = []
        self.returns: list[list[Value]] = []
        self.result_names: tuple[str, ...] = ()
        self.assignment_target: cst.CSTNode | None = None
        # After np.random.seed(s), the n-th shuffle has a known order: ("seed", s, n).
        self.seed: tuple[object, int] | None = None
        self.called: set[cst.FunctionDef] = set()
        self.defined: list[Function] = []

    # ---- statements -------------------------------------------------------------

    def run_module(self) -> None:
        self.run_block(self.facts.module.body)
        # Functions never called (a main() behind a guard we could not follow, a library of
        # helpers) are still read once, with unknown arguments.
        for function in self.defined:
            if function.node not in self.called:
                self.call_function(function, Arguments(cst.Call(func=cst.Name("_"))))

    def run_block(self, body) -> None:
        for statement in body:
            self.run_statement(statement)

    def run_statement(self, statement: cst.CSTNode) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                self.run_small(small)
        elif isinstance(statement, cst.If):
            self.value(statement.test)
            self.run_branches(statement.body.body, statement.orelse)
        elif isinstance(statement, (cst.For, cst.While)):
            self.run_loop(statement)
        elif isinstance(statement, cst.With):
            for item in statement.items:
                value = self.value(item.item)
                if item.asname is not None:
                    self.bind(item.asname.name, UNKNOWN if not isinstance(value, Array) else value)
            self.run_block(statement.body.body)
        elif isinstance(statement, cst.Try):
            self.run_block(statement.body.body)
            for handler in statement.handlers:
                self.run_block(handler.body.body)
            if statement.orelse:
                self.run_block(statement.orelse.body.body)
            if statement.finalbody:
                self.run_block(statement.finalbody.body.body)
        elif isinstance(statement, cst.FunctionDef):
            function = Function(statement, self.scope)
            self.scope.names[statement.name.value] = function
            if not self.inline_stack:
                self.defined.append(function)
        elif isinstance(statement, cst.ClassDef):
            bases = [self.value(base.value) for base in statement.bases]
            is_model = any(isinstance(base, Qualified) and base.name in MODEL_CLASSES for base in bases)
            self.scope.names[statement.name.value] = ClassDef(statement, self.scope, is_model)
        elif isinstance(statement, cst.IndentedBlock):
            self.run_block(statement.body)

    def run_branches(self, body, orelse) -> None:
        """Run both branches of an if from the same state, then join what they bound."""
        before = dict(self.scope.names)
        self.run_block(body)
        after_body = self.scope.names
        self.scope.names = dict(before)
        if isinstance(orelse, cst.If):
            self.value(orelse.test)
            self.run_branches(orelse.body.body, orelse.orelse)
        elif isinstance(orelse, cst.Else):
            self.run_block(orelse.body.body)
        after_else = self.scope.names
        merged: dict[str, Value] = {}
        for name in after_body.keys() | after_else.keys():
            if name in after_body and name in after_else:
                merged[name] = join(after_body[name], after_else[name])
            else:
                merged[name] = after_body.get(name, after_else.get(name))  # type: ignore[arg-type]
        self.scope.names = merged

    def run_loop(self, loop: cst.For | cst.While) -> None:
        if isinstance(loop, cst.For):
            self.bind_target(loop.target, self.element_of(self.value(loop.iter), loop.iter))
        self.loop_depth += 1
        try:
            if isinstance(loop, cst.While):
                self.value(loop.test)
            self.run_block(loop.body.body)
        finally:
            self.loop_depth -= 1
        if loop.orelse:
            self.run_block(loop.orelse.body.body)

    def run_small(self, small: cst.BaseSmallStatement) -> None:
        if isinstance(small, cst.Assign):
            self.result_names = tuple(name for target in small.targets for name in _names_in(target.target))
            self.assignment_target = small.targets[0].target
            value = self.value(small.value)
            self.result_names, self.assignment_target = (), None
            for target in small.targets:
                self.bind_target(target.target, value)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            self.bind_target(small.target, self.value(small.value))
        elif isinstance(small, cst.AugAssign):
            current = self.value(small.target)
            operand = Operand(self.value(small.value), small.value)
            result = self.arithmetic(current, _AUGMENTED.get(type(small.operator), ""), operand, small)
            self.bind_target(small.target, result)
        elif isinstance(small, cst.Expr):
            self.value(small.value)
        elif isinstance(small, cst.Return) and self.returns:
            self.returns[-1].append(self.value(small.value) if small.value else Const(None))
        elif isinstance(small, cst.Import):
            for alias in small.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None:
                    self.bind(_asname(alias), Qualified(canonical(dotted)))
                else:
                    top = dotted.split(".")[0]
                    self.bind(top, Qualified(canonical(top)))
        elif isinstance(small, cst.ImportFrom):
            if small.relative or small.module is None or isinstance(small.names, cst.ImportStar):
                return
            module = _dotted(small.module)
            for alias in small.names:
                name = _dotted(alias.name)
                local = _asname(alias) if alias.asname is not None else name
                self.bind(local, Qualified(canonical(f"{module}.{name}")))
        elif isinstance(small, cst.Global):
            self.scope.global_names.update(name.name.value for name in small.names)

    def bind(self, name: str, value: Value) -> None:
        if isinstance(value, Array) and value.split is not None and value.split.role is None:
            value = _label_split(value, name)
        scope = self.scope.root() if name in self.scope.global_names else self.scope
        scope.names[name] = value

    def bind_target(self, target: cst.CSTNode, value: Value) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, value)
        elif isinstance(target, cst.Subscript):
            # x[mask] = v changes values in place: what we knew of them no longer holds.
            owner = self.value(target.value)
            if isinstance(owner, Array):
                self.mutate(target.value, owner.derive(scale=None, encoding=None, columns=None, literal_rows=None))
        elif isinstance(target, cst.Attribute):
            owner = self.value(target.value)
            if isinstance(owner, Obj):
                owner.attributes[target.attr.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [element for element in target.elements]
            if isinstance(value, Sequence) and len(value.items) == len(elements) and not any(isinstance(e, cst.StarredElement) for e in elements):
                for element, item in zip(elements, value.items):
                    self.bind_target(element.value, item)
            else:
                for element in elements:
                    self.bind_target(element.value, UNKNOWN)

    # ---- expressions ------------------------------------------------------------

    def value(self, node: cst.BaseExpression) -> Value:
        # Dispatch on the exact type: isinstance against libcst's abstract node classes is
        # the reader's hottest cost.
        kind = type(node)
        if kind is cst.Name:
            return self.lookup(node.value)  # type: ignore[attr-defined]
        if kind in _LITERALS:
            return Const(_literal_value(node.value))  # type: ignore[attr-defined]
        handler = _EXPRESSIONS.get(kind)
        return handler(self, node) if handler is not None else UNKNOWN

    def sequence(self, node: cst.Tuple | cst.List) -> Value:
        if type(node) is cst.List and not node.elements:
            return Growing(None)
        if any(type(element) is cst.StarredElement for element in node.elements):
            return UNKNOWN
        return Sequence(tuple(self.value(element.value) for element in node.elements))

    def binary_operation(self, node: cst.BinaryOperation) -> Value:
        left = self.value(node.left)
        right = Operand(self.value(node.right), node.right)
        return self.arithmetic(left, _BINARY.get(type(node.operator), ""), right, node)

    def unary_operation(self, node: cst.UnaryOperation) -> Value:
        operand = self.value(node.expression)
        number = as_number(operand)
        if type(node.operator) is cst.Minus and number is not None:
            return Const(-number)
        return operand if isinstance(operand, Array) else UNKNOWN

    def comparison(self, node: cst.Comparison) -> Value:
        left = self.value(node.left)
        for target in node.comparisons:
            self.value(target.comparator)
        if isinstance(left, Array):
            return left.derive(scale=None, encoding=None, columns=None)
        return UNKNOWN

    def named_expression(self, node: cst.NamedExpr) -> Value:
        value = self.value(node.value)
        self.bind_target(node.target, value)
        return value

    def lookup(self, name: str) -> Value:
        value = self.scope.lookup(name)
        if value is not None:
            return value
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        if name in _BUILTINS:
            return Qualified(f"builtins.{name}")
        return UNKNOWN

    def attribute(self, base: Value, name: str, node: cst.Attribute) -> Value:
        if isinstance(base, Qualified):
            return Qualified(canonical(f"{base.name}.{name}"))
        if isinstance(base, Array):
            if name in ("values", "T"):
                return base.derive(container="ndarray" if name == "values" else base.container,
                                   sample_shape=None if name == "T" else base.sample_shape)
            return BoundMethod(base, name, node.value)
        if isinstance(base, Obj):
            return base.attributes.get(name, UNKNOWN)
        if isinstance(base, (Model, Growing, Instance, Dataset, Layer)):
            return BoundMethod(base, name, node.value)
        return UNKNOWN

    def element_of(self, iterable: Value, node: cst.CSTNode) -> Value:
        """What a for-loop over `iterable` (written as `node`) binds to its target."""
        if isinstance(iterable, Array) and not iterable.few_rows:
            fact = Fact("a single row of the data the loop goes through", node)
            return iterable.derive(one_sample=fact, sample_shape=None, shape_fact=None)
        if isinstance(iterable, Growing):
            return iterable.element or UNKNOWN
        if isinstance(iterable, _Zipped):
            return Sequence(tuple(self.element_of(item, node) for item in iterable.items))
        if isinstance(iterable, _Counting):
            if iterable.iterable is None:
                return _INDEX
            return Sequence((_INDEX, self.element_of(iterable.iterable, node)))
        if isinstance(iterable, _Folds):
            return Sequence(tuple(
                Array(rows=library.fresh_id(), selector="fold", split=Split(f"folds{iterable.call}.{part}", role, Fact(f"the {role} indices of a K-fold split", node)))
                for part, role in ((0, "train"), (1, "validation"))
            ))
        if isinstance(iterable, Dataset):
            return Sequence(tuple(self.element_of(part, node) if part else UNKNOWN for part in (iterable.features, iterable.labels)))
        return UNKNOWN

    def subscript(self, node: cst.Subscript) -> Value:
        base = self.value(node.value)
        indices = [element.slice for element in node.slice]
        index_values = [self.value(index.value) if isinstance(index, cst.Index) else None for index in indices]
        if isinstance(base, Sequence) and len(indices) == 1:
            position = as_number(index_values[0]) if index_values[0] is not None else None
            if isinstance(position, int) and -len(base.items) <= position < len(base.items):
                return base.items[position]
            return UNKNOWN
        if isinstance(base, BoundMethod) and base.name in ("iloc", "loc") and isinstance(base.receiver, Array):
            return self.frame_selection(base.receiver, indices, node)
        if isinstance(base, Array):
            return self.array_subscript(base, indices, index_values, node)
        if base is UNKNOWN and len(indices) == 1 and index_values[0] == Const(b"data") and self.lineage.mentions("cifar"):
            fact = Fact("CIFAR batch pixels, uint8 0..255", node)
            return Array(rows=library.fresh_id(), scale=Scale("pixels", fact, 255), container="ndarray")
        return UNKNOWN

    def frame_selection(self, frame: Array, indices, node: cst.Subscript) -> Value:
        """df.iloc[:, 1:] (feature columns) or df.iloc[:, 0] (the label column)."""
        if len(indices) != 2 or not _is_full_slice(indices[0]):
            return frame.derive(rows=self.lineage.derived_rows(frame.rows, self.facts.code(node)))
        columns = indices[1]
        if isinstance(columns, cst.Index):
            return library.label_column_of(frame)
        return library.feature_columns_of(frame, node)

    def array_subscript(self, base: Array, indices, index_values, node: cst.Subscript) -> Value:
        first = index_values[0]
        if base.table and len(indices) == 1 and as_number(first) is None:
            return library.table_lookup(base, first, node)
        if len(indices) == 1 and isinstance(first, Array):
            return self.rows_selected(base, first, node)
        if base.container == "dataframe" and len(indices) == 1:
            if isinstance(first, Const) and isinstance(first.value, (str, int)):
                return library.label_column_of(base)
            return library.feature_columns_of(base, node)  # df[["a", "b"]]: several feature columns
        if first in (Const(None), Qualified("numpy.newaxis")):  # x[None], x[np.newaxis, ...]
            return base.derive(sample_shape=None, shape_fact=None)
        if len(indices) == 2 and _is_full_slice(indices[0]) and base.columns is not None:
            return self.column_selection(base, indices[1], index_values[1], node)
        if len(indices) >= 1 and isinstance(indices[0], cst.Slice):
            if _is_full_slice(indices[0]):
                return base.derive(sample_shape=None, shape_fact=None)
            key = self.facts.code(indices[0])
            split = Split(f"{base.split.token}[{key}]", base.split.role, base.split.fact) if base.split else None
            return base.derive(rows=self.lineage.derived_rows(base.rows, key), split=split, few_rows=self.is_few(indices[0]))
        if len(indices) == 1 and isinstance(indices[0], cst.Index):
            if not isinstance(first, (Const, Interval)):  # an index array we cannot see: some rows
                return base.derive(rows=library.fresh_id())
            return base.derive(one_sample=Fact("a single row", node), sample_shape=None, shape_fact=None, columns=None)
        return UNKNOWN

    def is_few(self, rows: cst.Slice) -> bool:
        """x[:10], x[5:20]: a handful of rows, as a script takes to look at or plot examples."""
        lower = as_number(self.value(rows.lower)) if rows.lower is not None else 0
        upper = as_number(self.value(rows.upper)) if rows.upper is not None else None
        return isinstance(lower, int) and isinstance(upper, int) and 0 <= lower <= upper <= lower + FEW_ROWS

    def rows_selected(self, base: Array, index: Array, node: cst.Subscript) -> Array:
        """X[p] with a permutation, X[train_idx] with K-fold indices, X[mask] with anything else."""
        if index.selector in ("permutation", "indices"):
            order = self.lineage.derived_rows(index.rows, f"order{index.order}")
            return base.derive(order=order, order_fact=Fact("reordered by a permutation", node))
        if index.selector == "fold" and index.split is not None:
            return base.derive(rows=self.lineage.derived_rows(base.rows, index.split.token), split=index.split)
        return base.derive(rows=library.fresh_id())

    def column_selection(self, base: Array, index, index_value, node) -> Value:
        columns = base.columns or ()
        if isinstance(index, cst.Index):
            position = as_number(index_value)
            if not isinstance(position, int) or not -len(columns) <= position < len(columns):
                return base.derive(columns=None, sample_shape=None)
            selected = base.derive(columns=(columns[position],), sample_shape=(), shape_fact=None)
            return library.binary_labels(library.with_large_range(selected, node), node)
        lower = as_number(self.value(index.lower)) if index.lower is not None else 0
        upper = as_number(self.value(index.upper)) if index.upper is not None else len(columns)
        if not isinstance(lower, int) or not isinstance(upper, int) or index.step is not None:
            return base.derive(columns=None, sample_shape=None)
        chosen = columns[lower:upper]
        selected = base.derive(columns=chosen, sample_shape=(len(chosen),), shape_fact=Fact(f"{len(chosen)} column(s)", node))
        return library.with_large_range(selected, node)

    def arithmetic(self, left: Value, operator: str, right: Operand, node: cst.CSTNode) -> Value:
        left_number, right_number = as_number(left), as_number(right.value)
        if left_number is not None and right_number is not None:
            return _fold(left_number, operator, right_number)
        if operator == "+" and isinstance(left, Sequence) and isinstance(right.value, Sequence):
            return Sequence(left.items + right.value.items)
        if isinstance(left, Array):
            return self.scale_array(left, operator, right_number, node)
        if isinstance(right.value, Array) and left_number is not None and operator in ("*", "+"):
            return self.scale_array(right.value, operator, left_number, node)
        left_range = as_interval(left)
        if left_range is not None and right_number is not None and operator in ("*", "/", "+", "-"):
            low, high = _fold(left_range.low, operator, right_number), _fold(left_range.high, operator, right_number)
            if isinstance(low, Const) and isinstance(high, Const):
                return Interval(min(low.value, high.value), max(low.value, high.value))  # type: ignore[type-var]
        return UNKNOWN

    def scale_array(self, array: Array, operator: str, number: float | None, node: cst.CSTNode) -> Value:
        """Arithmetic on data: what it does to the value range is all that matters here."""
        divides_down = (operator == "/" and number is not None and number >= SCALING_DIVISOR) or (
            operator == "*" and number is not None and 0 < number <= 1 / SCALING_DIVISOR
        )
        if divides_down:
            return library.scaled_by(array, node, "scaled")
        return array.derive(scale=None, encoding=None, columns=None, literal_rows=None)

    def call(self, node: cst.Call) -> Value:
        callee = self.value(node.func)
        args = self.arguments(node)
        if isinstance(callee, Qualified):
            return self.call_qualified(callee.name, args)
        if isinstance(callee, BoundMethod):
            return self.call_method(callee, args)
        if isinstance(callee, Function):
            return self.call_function(callee, args)
        if isinstance(callee, Layer):
            return self.call_layer(callee, args)
        if isinstance(callee, Model):
            return keras_objects.call_layer(callee, args)
        if isinstance(callee, Lambda):
            return self.call_lambda(callee, args)
        if isinstance(callee, ClassDef):
            return self.instantiate(callee, args)
        return UNKNOWN

    def call_layer(self, layer: Layer, args: Arguments) -> Value:
        """A layer applied to a symbolic tensor (functional API) or to data (a preprocessing layer)."""
        data = args.value(0, "inputs")
        if isinstance(data, Array):
            if layer.kind in SCALING_LAYERS:
                return library.scaled_by(data, args.node, f"scaled by a {layer.kind} layer")
            return UNKNOWN
        return keras_objects.call_layer(layer, args)

    def call_lambda(self, function: Lambda, args: Arguments) -> Value:
        scope = Scope(function.scope)  # type: ignore[arg-type]
        self.bind_parameters(function.node.params, args, scope, function.scope)  # type: ignore[arg-type]
        outer, self.scope = self.scope, scope
        try:
            return self.value(function.node.body)
        finally:
            self.scope = outer

    def instantiate(self, cls: ClassDef, args: Arguments) -> Value:
        """A subclassed keras.Model: its layers are those `call` applies to its input, in order."""
        if not cls.model:
            return UNKNOWN
        model = self.register(Model(args.node))
        instance = Obj()
        methods = {statement.name.value: statement for statement in cls.node.body.body if isinstance(statement, cst.FunctionDef)}
        if "__init__" in methods:
            self.call_function(Function(methods["__init__"], cls.scope), _with_self(instance, args))
        output = UNKNOWN
        if "call" in methods:
            call_args = Arguments(args.node, (Operand(Tensor(()), args.node),))
            output = self.call_function(Function(methods["call"], cls.scope), _with_self(instance, call_args))
        if isinstance(output, Tensor):
            model.layers.extend(output.layers)
        else:
            model.complete = False
        return model

    def arguments(self, node: cst.Call) -> Arguments:
        positional: list[Operand] = []
        keywords: dict[str, Operand] = {}
        unpacking = False
        for arg in node.args:
            value = self.value(arg.value)
            if arg.star:
                unpacking = True
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = Operand(value, arg.value)
            else:
                positional.append(Operand(value, arg.value))
        return Arguments(node, tuple(positional), keywords, unpacking)

    def call_qualified(self, name: str, args: Arguments) -> Value:
        handler = library.HANDLERS.get(name)
        if handler is not None:
            return handler(args, self.lineage)
        kind = layer_kind(name)
        if kind is not None:
            return keras_objects.make_layer(kind, args)
        if name == "keras.Sequential":
            return self.register(keras_objects.make_sequential(args))
        if name == "keras.Model":
            return self.register(keras_objects.make_functional(args))
        if name in ("keras.Input", "keras.layers.Input"):
            return keras_objects.make_input(args)
        if name.startswith("keras.losses."):
            return keras_objects.construct_loss(name, args)
        if name.startswith("keras.metrics."):
            return Metric(metric_name(name), args.node)
        if name.startswith("keras.callbacks."):
            return keras_objects.make_callback(name.rsplit(".", 1)[1], args)
        if name.startswith("sklearn.metrics.") and name.rsplit(".", 1)[1] in SKLEARN_METRICS:
            self.facts.events.append(MetricCall(name.rsplit(".", 1)[1], args.node, args.get(0, "y_true"), args.get(1, "y_pred"), self.result_names))
            return UNKNOWN
        if name in ("random.shuffle", "numpy.random.shuffle") and args.get(0) is not None:
            self.shuffle_in_place(name, args.get(0), args.node)  # type: ignore[arg-type]
            return Const(None)
        if name in ("numpy.random.seed", "random.seed"):
            self.seed = (_literal(args.value(0)), 0)
            return Const(None)
        if name == "sklearn.model_selection.train_test_split":
            self.facts.events.append(SplitCall(args.node, args.positional, self.result_names, self.assignment_target))
            if unpacked_by_part(self.result_names, len(args.positional)):
                return UNKNOWN  # names and contents disagree: one finding (KL305) and no guesses after it
            return library.train_test_split(args, self.lineage)
        if name.startswith("sklearn.") and name.rsplit(".", 1)[1] in SKLEARN_CLASSES:
            categories = args.value(None, "categories")
            single = categories.items[0] if isinstance(categories, Sequence) and len(categories.items) == 1 else None
            classes = len(single.items) if isinstance(single, Sequence) else None
            return Instance(name.rsplit(".", 1)[1], classes=classes)
        if name == "numpy.random.default_rng":
            return Instance("Generator")
        if name == "builtins.zip":
            return _Zipped(tuple(operand.value for operand in args.positional))
        if name == "builtins.range":
            return _Counting(None)
        if name == "builtins.enumerate":
            return _Counting(args.value(0, "iterable"))
        if name in ("builtins.list", "builtins.tuple") and isinstance(args.value(0), Array):
            return args.value(0)
        return UNKNOWN

    def shuffle_in_place(self, function: str, target: Operand, node: cst.Call) -> None:
        self.facts.events.append(ShuffleCall(function, node, target))
        if not isinstance(target.value, Array):
            return
        if self.seed is not None:  # seeded shuffles of equal-length arrays give equal orders
            seed, count = self.seed
            order = self.lineage.derived_rows(0, f"seed{seed!r}.{count}")
            self.seed = (seed, count + 1)
        else:
            order = library.fresh_id()
        self.mutate(target.node, target.value.derive(order=order, order_fact=Fact("shuffled in place", node)))

    def register(self, model: Model) -> Model:
        self.facts.models.append(model)
        return model

    def call_method(self, method: BoundMethod, args: Arguments) -> Value:
        receiver, name = method.receiver, method.name
        if isinstance(receiver, Model):
            return self.model_method(receiver, name, args)
        if isinstance(receiver, Growing):
            if name in ("append", "extend") and args.get(0) is not None:
                item = args.value(0)
                if name == "extend":
                    item = self.element_of(item, args.node)
                self.mutate(method.receiver_node, Growing(item if receiver.element is None else join(receiver.element, item)))
            return Const(None)
        if isinstance(receiver, Instance):
            return self.instance_method(receiver, name, args, method.receiver_node)
        if isinstance(receiver, Array):
            return self.array_method(receiver, name, args)
        if isinstance(receiver, Dataset):
            return self.dataset_method(receiver, name, args)
        if isinstance(receiver, Layer) and name == "adapt" and args.get(0, "data") is not None:
            self.facts.events.append(PreprocessingFit(receiver.kind, args.node, args.get(0, "data")))  # type: ignore[arg-type]
            return Const(None)
        return UNKNOWN

    def instance_method(self, instance: Instance, name: str, args: Arguments, receiver_node: cst.CSTNode) -> Value:
        data = args.get(0, "X")
        array = data.value if data is not None and isinstance(data.value, Array) else None
        if instance.cls in LEARNING_TRANSFORMERS | SCALING_TRANSFORMERS:
            if name in ("fit", "fit_transform") and data is not None and instance.cls in LEARNING_TRANSFORMERS:
                self.facts.events.append(PreprocessingFit(instance.cls, args.node, data))
            if name == "fit":
                return instance
            if name in ("fit_transform", "transform") and array is not None:
                if instance.cls in SCALING_TRANSFORMERS:
                    return library.scaled_by(array, args.node, f"scaled by {instance.cls}")
                return array.derive(scale=None, columns=None, sample_shape=None, shape_fact=None)
            return UNKNOWN
        if instance.cls in LABEL_ENCODERS and name in ("fit_transform", "transform"):
            return library.label_encoded(instance, array or Array(rows=library.fresh_id()), args.node)
        if instance.cls in FOLD_SPLITTERS and name == "split":
            return _Folds(self.lineage.next_split_call())
        if instance.cls == "ImageDataGenerator":
            return library.generator_flow(instance, name, args)
        if instance.cls == "Generator":  # numpy's np.random.default_rng()
            if name == "shuffle" and data is not None:
                self.shuffle_in_place("numpy.random.Generator.shuffle", data, args.node)
                return Const(None)
            if name in ("integers", "uniform"):
                return library.random_integers(args, self.lineage)
            if name == "permutation":
                return library.permutation(args, self.lineage)
        return UNKNOWN

    def dataset_method(self, dataset: Dataset, name: str, args: Arguments) -> Value:
        if name in _PIPELINE_METHODS:
            return dataset
        if name == "map":
            function = args.value(0, "map_func")
            parts = [Operand(part or UNKNOWN, args.node) for part in (dataset.features, dataset.labels) if part is not None]
            result = self.apply(function, Arguments(args.node, tuple(parts)))
            if isinstance(result, Sequence) and len(result.items) == 2:
                return Dataset(_array_or_none(result.items[0]), _array_or_none(result.items[1]))
            return Dataset(_array_or_none(result), None)
        return UNKNOWN

    def apply(self, function: Value, args: Arguments) -> Value:
        if isinstance(function, Function):
            return self.call_function(function, args)
        if isinstance(function, Lambda):
            return self.call_lambda(function, args)
        return UNKNOWN

    def mutate(self, node: cst.CSTNode, value: Value) -> None:
        """Rebind a mutated list where it lives (often a module-level list filled by a function)."""
        if isinstance(node, cst.Name):
            self.scope.owner(node.value).names[node.value] = value

    def array_method(self, array: Array, name: str, args: Arguments) -> Value:
        if name in _LAYOUT_METHODS:
            return array.derive(container="ndarray" if name == "to_numpy" else array.container)
        if name in _RESHAPING_METHODS:
            if name == "reshape":
                return self.reshaped(array, args)
            return array.derive(sample_shape=None, shape_fact=None)
        if name == "drop":
            axis = args.value(None, "axis")
            if args.has("columns") or axis in (Const(1), Const("columns")):
                return library.feature_columns_of(array, args.node)
            return array.derive(rows=library.fresh_id(), pixel_columns=False)  # rows dropped: another subset
        if name in _ROW_SUBSET_METHODS:
            return array.derive(rows=library.fresh_id())
        if name in ("sort_values", "sort_index"):
            return array.derive(order=library.fresh_id(), order_fact=Fact(f"reordered by {name}()", args.node))
        if name == "sample":
            if args.value(None, "frac") == Const(1) or args.value(None, "frac") == Const(1.0):
                return array.derive(order=library.fresh_id(), order_fact=Fact("shuffled by sample(frac=1)", args.node))
            return array.derive(rows=library.fresh_id())  # a random subset
        return UNKNOWN

    def reshaped(self, array: Array, args: Arguments) -> Array:
        dims = [as_number(operand.value) for operand in args.positional]
        if len(dims) == 1 and isinstance(args.value(0), Sequence):
            dims = [as_number(item) for item in args.value(0).items]  # type: ignore[union-attr]
        if array.one_sample or len(dims) < 2:
            return array.derive(sample_shape=None, shape_fact=None)
        sample = dims[1:]
        if all(isinstance(dim, int) and dim > 0 for dim in sample):
            shape = tuple(sample)  # type: ignore[arg-type]
            return array.derive(sample_shape=shape, shape_fact=Fact(f"reshaped to (n, {', '.join(map(str, shape))})", args.node))
        return array.derive(sample_shape=None, shape_fact=None)

    def model_method(self, model: Model, name: str, args: Arguments) -> Value:
        if name == "add":
            operand = args.get(0, "layer")
            if operand is not None:
                keras_objects.add_layer(model, operand.value, operand.node)
            return Const(None)
        if name == "compile":
            model.compile = keras_objects.make_compile(args)
            return Const(None)
        kind = _MODEL_METHODS.get(name)
        if kind is None:
            return UNKNOWN
        event = self.model_call(kind, model, args)
        self.facts.events.append(event)
        if kind == "predict" and event.x is not None and isinstance(event.x.value, Array):
            units = model.head.units if model.head else None
            fact = Fact("predictions", args.node)
            encoding = Encoding("integer" if name == "predict_classes" else "probabilities", units, fact)
            return event.x.value.derive(predicted_by=model, encoding=encoding, scale=None, one_sample=event.x.value.one_sample)
        return UNKNOWN

    def model_call(self, kind: str, model: Model, args: Arguments) -> ModelCall:
        x, y = args.get(0, "x"), args.get(1, "y")
        if x is not None and isinstance(x.value, Dataset):
            x, y = _dataset_parts(x)
        validation_x = validation_y = None
        validation = args.get(None, "validation_data")
        if validation is not None and isinstance(validation.value, Dataset):
            validation_x, validation_y = _dataset_parts(validation)
        elif validation is not None and isinstance(validation.value, Sequence) and len(validation.value.items) >= 2:
            nodes = _element_nodes(validation.node)
            items = validation.value.items
            if len(nodes) >= 2:
                validation_x, validation_y = Operand(items[0], nodes[0]), Operand(items[1], nodes[1])
            else:
                validation_x, validation_y = Operand(items[0], validation.node), Operand(items[1], validation.node)
        callbacks_operand = args.get(None, "callbacks")
        callbacks: tuple[str, ...] = ()
        if callbacks_operand is not None and isinstance(callbacks_operand.value, Sequence):
            callbacks = tuple(item.cls for item in callbacks_operand.value.items if isinstance(item, Instance) and item.selects)
        return ModelCall(
            kind,
            model,
            args.node,
            x,
            y if kind != "predict" else None,
            validation_x,
            validation_y,
            validation.node if validation is not None else None,
            callbacks,
            model.compile,
            self.result_names,
            self.loop_depth > 0,
        )

    def call_function(self, function: Function, args: Arguments) -> Value:
        node = function.node
        if node in self.inline_stack or len(self.inline_stack) >= MAX_INLINE_DEPTH:
            return UNKNOWN
        self.called.add(node)
        scope = Scope(function.scope)  # type: ignore[arg-type]
        self.bind_parameters(node.params, args, scope, function.scope)  # type: ignore[arg-type]
        outer = self.scope
        self.scope = scope
        self.inline_stack.append(node)
        self.returns.append([])
        try:
            self.run_block(node.body.body if isinstance(node.body, cst.IndentedBlock) else node.body.body)
            results = self.returns[-1]
        finally:
            self.returns.pop()
            self.inline_stack.pop()
            self.scope = outer
        return library.join_all(results) if results else UNKNOWN

    def bind_parameters(self, params: cst.Parameters, args: Arguments, scope: Scope, definition_scope: Scope) -> None:
        ordered = [*params.posonly_params, *params.params]
        for position, param in enumerate(ordered):
            name = param.name.value
            operand = args.get(position, name) if not args.has_unpacking else None
            if operand is not None:
                scope.names[name] = operand.value
            elif param.default is not None and not args.has_unpacking:
                outer, self.scope = self.scope, definition_scope
                scope.names[name] = self.value(param.default)
                self.scope = outer
            else:
                scope.names[name] = UNKNOWN
        for param in params.kwonly_params:
            operand = args.get(None, param.name.value)
            scope.names[param.name.value] = operand.value if operand else UNKNOWN
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.names[star.name.value] = UNKNOWN


def _dataset_parts(operand: Operand) -> tuple[Operand | None, Operand | None]:
    dataset = operand.value
    assert isinstance(dataset, Dataset)
    return tuple(Operand(part, operand.node) if part is not None else None for part in (dataset.features, dataset.labels))  # type: ignore[return-value]


def _array_or_none(value: Value) -> Array | None:
    return value if isinstance(value, Array) else None


def _literal(value: Value) -> object:
    return value.value if isinstance(value, Const) else value


def _with_self(instance: Obj, args: Arguments) -> Arguments:
    return Arguments(args.node, (Operand(instance, args.node), *args.positional), args.keywords, args.has_unpacking)


@dataclass(frozen=True)
class _Folds:
    """KFold().split(X): a for-loop over it binds (train indices, validation indices)."""

    call: int


@dataclass(frozen=True)
class _Counting:
    """range(...) (no iterable) or enumerate(iterable): a for-loop over it binds an index."""

    iterable: Value | None


# What a loop over range() binds: an integer, but no particular one.
_INDEX = Interval(0, float("inf"))


@dataclass(frozen=True)
class _Zipped:
    """zip(a, b): a for-loop over it binds one element of each."""

    items: tuple[Value, ...]


def _label_split(array: Array, name: str) -> Array:
    """A split whose origin did not say its role gets the role its name says (weak evidence)."""
    role = role_from_name(name)
    split = array.split
    if role is None or split is None:
        return array
    return array.derive(split=Split(split.token, role, split.fact))


def _is_full_slice(index) -> bool:
    return isinstance(index, cst.Slice) and index.lower is None and index.upper is None and index.step is None


def _element_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, (cst.List, cst.Tuple)):
        return [element.value for element in node.elements]
    return []


def _names_in(target: cst.CSTNode) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _names_in(element.value)]
    return []


def _dotted(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _asname(alias: cst.ImportAlias) -> str:
    return alias.asname.name.value  # type: ignore[union-attr]


def _fold(left: float, operator: str, right: float) -> Value:
    try:
        if operator == "+":
            return Const(left + right)
        if operator == "-":
            return Const(left - right)
        if operator == "*":
            return Const(left * right)
        if operator == "/":
            return Const(left / right)
        if operator == "//":
            return Const(left // right)
        if operator == "**" and abs(right) < 64:
            return Const(left**right)
    except (ZeroDivisionError, OverflowError):
        pass
    return UNKNOWN


_BINARY = {cst.Add: "+", cst.Subtract: "-", cst.Multiply: "*", cst.Divide: "/", cst.FloorDivide: "//", cst.Power: "**"}
_AUGMENTED = {cst.AddAssign: "+", cst.SubtractAssign: "-", cst.MultiplyAssign: "*", cst.DivideAssign: "/", cst.FloorDivideAssign: "//", cst.PowerAssign: "**"}

_LITERALS = frozenset({cst.Integer, cst.Float, cst.SimpleString})
_EXPRESSIONS = {
    cst.ConcatenatedString: lambda reader, node: Const(node.evaluated_value),
    cst.Tuple: _Reader.sequence,
    cst.List: _Reader.sequence,
    cst.Attribute: lambda reader, node: reader.attribute(reader.value(node.value), node.attr.value, node),
    cst.Call: _Reader.call,
    cst.Subscript: _Reader.subscript,
    cst.BinaryOperation: _Reader.binary_operation,
    cst.UnaryOperation: _Reader.unary_operation,
    cst.Comparison: _Reader.comparison,
    cst.IfExp: lambda reader, node: join(reader.value(node.body), reader.value(node.orelse)),
    cst.Lambda: lambda reader, node: Lambda(node, reader.scope),
    cst.NamedExpr: _Reader.named_expression,
}


@lru_cache(maxsize=4096)
def _literal_value(text: str) -> object:
    """The value of a number or string literal; the same few literals recur in every script."""
    return ast.literal_eval(text)

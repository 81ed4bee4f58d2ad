"""`keraslint probe`: what the script really did, one line per call site, in the order of the file."""

from __future__ import annotations

from keraslint.probe.observations import ArrayPrint, ModelCall, Observations, Span


def narrate(path: str, observations: Observations) -> list[str]:
    ending = "the script ran to its end" if observations.ending.finished else observations.ending.reason
    happened: dict[tuple[Span, str], str] = {}
    for call in observations.calls:
        happened.setdefault((call.span, call.method), _call(call, observations))
    for metric in observations.metrics:
        truth = metric.y_true.main.describe_labels() if metric.y_true else "?"
        predicted = next((f"; y_pred: the predictions at {call.span}" for call in observations.calls if call.number == metric.predicted_by), "")
        happened.setdefault((metric.span, metric.function), f"{metric.function}: y_true {truth}{predicted}")
    for shuffle in observations.shuffles:
        rows = f"; distinct rows {shuffle.distinct_before} -> {shuffle.distinct_after}" if shuffle.distinct_before is not None else ""
        happened.setdefault((shuffle.span, shuffle.function), f"{shuffle.function} of {_described(shuffle.target)}{rows}")
    for split in observations.splits:
        inputs = ", ".join(part.describe() for part in split.inputs)
        happened.setdefault((split.span, "split"), f"train_test_split of {inputs} into {', '.join(str(part.main.rows) for part in split.outputs)} rows")
    for fit in observations.preprocessing:
        happened.setdefault((fit.span, fit.cls), f"{fit.cls} learns from {_described(fit.data)}")
    ordered = sorted(happened.items(), key=lambda item: (item[0][0].cell or 0, item[0][0].line))
    return [
        f"{path}: probed in {observations.seconds:.1f} s; {ending}",
        *(f"  {stand_in}: a synthetic stand-in, no download" for stand_in in observations.stand_ins),
        *(f"  {span}: {text}" for (span, _), text in ordered),
        *(f"  a probe hook failed: {error}" for error in observations.hook_errors),
    ]


def _call(call: ModelCall, observations: Observations) -> str:
    parts = [call.method]
    if call.x is not None:
        parts.append(f"x {call.x.describe()}")
    if call.y is not None:
        parts.append(f"y {call.y.main.describe_labels()}")
    if call.validation_x is not None:
        parts.append(f"validation x {call.validation_x.describe()}")
    count = observations.count(call)
    repeated = f" ({count} calls)" if count > 1 else ""
    return "; ".join(parts) + repeated + f"; model {call.model.number}: {call.model.head()}"


def _described(array: ArrayPrint | None) -> str:
    return array.describe() if array is not None else "?"

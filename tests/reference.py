"""The reference registry: module name -> scikit-learn reference and properties.

Generic tests (tests/test_common.py) run over every entry. Adding a metric is
one entry here plus its specific tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from imblearn.metrics import geometric_mean_score
from sklearn import metrics as skm
from sklearn.metrics._classification import _check_set_wise_labels
from sklearn.utils.extmath import _nanaverage

AVERAGES = ["binary", "micro", "macro", "weighted", None]
ZERO_DIVISION = ["warn", 0, 1, np.nan]


def sk_specificity(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Specificity TN / (TN + FP) with recall's label selection and averaging, from sklearn pieces."""
    labels = _check_set_wise_labels(y_true, y_pred, average, labels, pos_label)
    mcm = skm.multilabel_confusion_matrix(
        y_true, y_pred, sample_weight=sample_weight, labels=labels
    )
    tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
    support = mcm[:, 1, 0] + mcm[:, 1, 1]
    if average == "micro":
        tn, fp = np.array([tn.sum()]), np.array([fp.sum()])
    denom = tn + fp
    zd = (
        np.nan
        if (isinstance(zero_division, float) and np.isnan(zero_division))
        else (0.0 if zero_division == "warn" else float(zero_division))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(denom == 0, zd, tn / np.where(denom == 0, 1, denom))
    if average is None:
        return score
    return float(_nanaverage(score, weights=support if average == "weighted" else None))


@dataclass
class Reference:
    """How to check one module against its reference."""

    sklearn: Callable[..., Any]
    key: str
    # option name -> values to draw from; "labels" and "pos_label" are drawn from the data
    options: dict[str, list[Any]] = field(default_factory=dict)
    label_options: tuple[str, ...] = ()  # which of labels / pos_label the module accepts
    needs_two_labels: bool = False
    symmetric: bool = False
    exact: bool = True  # bitwise equal when unweighted


def _sk(func):
    """scikit-learn's fbeta_score with beta=1.0 as default, like the fbeta module."""

    def call(y_true, y_pred, beta=1.0, **kw):
        return func(y_true, y_pred, beta=beta, **kw)

    return call


REFERENCES: dict[str, Reference] = {
    "accuracy": Reference(
        skm.accuracy_score, "accuracy", {"normalize": [True, False]}, symmetric=True
    ),
    "precision": Reference(
        skm.precision_score,
        "precision",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        ("labels", "pos_label"),
    ),
    "recall": Reference(
        skm.recall_score,
        "recall",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        ("labels", "pos_label"),
    ),
    "f1": Reference(
        skm.f1_score,
        "f1",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        ("labels", "pos_label"),
    ),
    "fbeta": Reference(
        _sk(skm.fbeta_score),  # sklearn requires beta; the module defaults it to 1.0
        "fbeta",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION, "beta": [0.5, 1.0, 2.0]},
        ("labels", "pos_label"),
    ),
    "jaccard": Reference(
        skm.jaccard_score,
        "jaccard",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        ("labels", "pos_label"),
    ),
    "specificity": Reference(
        sk_specificity,
        "specificity",
        {"average": AVERAGES, "zero_division": ZERO_DIVISION},
        ("labels", "pos_label"),
    ),
    "balanced_accuracy": Reference(
        skm.balanced_accuracy_score, "balanced_accuracy", {"adjusted": [False, True]}
    ),
    "matthews_correlation": Reference(
        skm.matthews_corrcoef, "matthews_correlation", symmetric=True
    ),
    "cohen_kappa": Reference(
        skm.cohen_kappa_score,
        "cohen_kappa",
        {"weights": [None, "linear", "quadratic"]},
        symmetric=True,
    ),
    "hamming_loss": Reference(skm.hamming_loss, "hamming_loss", symmetric=True),
    "confusion_matrix": Reference(
        skm.confusion_matrix,
        "confusion_matrix",
        {"normalize": [None, "true", "pred", "all"]},
        ("labels",),
    ),
    "geometric_mean": Reference(
        geometric_mean_score,  # imbalanced-learn's
        "geometric_mean",
        {
            "average": ["multiclass", "binary", "micro", "macro", "weighted", None],
            "correction": [0.0, 0.001, 0.5],
        },
        ("labels", "pos_label"),
    ),
}

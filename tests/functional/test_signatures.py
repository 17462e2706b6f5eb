"""The functional layer is a drop-in for sklearn.metrics: same names, same parameters."""

import inspect

import pytest
from sklearn import metrics as skm

import fasteval.functional as F

SHARED = [
    "accuracy_score",
    "balanced_accuracy_score",
    "cohen_kappa_score",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "hamming_loss",
    "jaccard_score",
    "matthews_corrcoef",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
]


@pytest.mark.parametrize("name", SHARED)
def test_same_parameters_as_sklearn(name):
    ours = inspect.signature(getattr(F, name)).parameters
    theirs = inspect.signature(getattr(skm, name)).parameters
    assert list(ours) == list(theirs)
    for param in theirs.values():
        mine = ours[param.name]
        assert mine.kind == param.kind, param.name
        if param.default is not inspect.Parameter.empty and param.default == param.default:
            assert mine.default == param.default, param.name

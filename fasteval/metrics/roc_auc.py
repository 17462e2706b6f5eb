"""roc_auc: area under the receiver operating characteristic curve (evaluate's roc_auc module)."""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval.functional.scores import _roc_auc
from fasteval.metrics._scores import RankingModule
from fasteval.metrics._shared import SKLEARN_CITATION
from fasteval.module import Value

_DESCRIPTION = """
ROC AUC is the area under the receiver operating characteristic curve: the curve of
the true positive rate TPR = TP / (TP + FN) against the false positive rate
FPR = FP / (FP + TN) as the decision threshold sweeps over the scores. It equals the
probability that a random positive example scores higher than a random negative one
(ties counting one half). 0.5 is chance, 1 a perfect ranking, below 0.5 worse than
chance. It looks at the ranking only, not at calibration.

Three configs, as in evaluate:
    - default (binary): one label and one score (of the greater label) per example;
    - "multiclass": one label and one row of class probabilities per example, summarised
      one-vs-rest (multi_class="ovr") or one-vs-one (multi_class="ovo", Hand & Till 2001);
    - "multilabel": a 0/1 indicator row and one score per label.
`max_fpr` gives the McClish-standardized partial AUC over FPR in [0, max_fpr].

fasteval sorts the positive and the negative scores (numpy's SIMD sort) and sweeps them
once in a Numba kernel: tied scores form one threshold step, the curve keeps the
corners scikit-learn keeps, and the trapezoids are summed in numpy's order, so the
result equals sklearn.metrics.roc_auc_score to the last bit. The exact area depends
on the order of all scores together, so streaming (add_batch) keeps every row (the
score, the label and the weight: about 17 bytes a row) and sorts once at compute.
"""

_KWARGS_DESCRIPTION = """
Args:
    references (array-like of shape (n_samples,) or (n_samples, n_classes)): Ground
        truth labels. binary and multiclass: one label per example; multilabel: a 0/1
        indicator matrix.
    prediction_scores (array-like of shape (n_samples,) or (n_samples, n_classes)):
        Model scores (`predictions` works too). binary: the score of the greater label;
        multiclass: class probabilities, each row summing to 1, columns in the sorted
        order of the labels (or of `labels`); multilabel: one score per label.
    average (`str`): Average of the per-class areas (ignored for binary). Defaults to
        'macro'.
        - 'micro': all indicator entries as one binary problem (multilabel, and
          multiclass with multi_class='ovr').
        - 'macro': unweighted mean over classes.
        - 'weighted': mean weighted by the support of each class.
        - 'samples': mean over examples (multilabel only).
        - None: the per-class areas (multilabel, and multiclass with 'ovr').
    sample_weight (array-like of shape (n_samples,)): Per-example weights. Defaults to
        None (not supported with multi_class='ovo').
    max_fpr (`float`): If given, the standardized partial AUC over FPR in [0, max_fpr],
        0 < max_fpr <= 1 (binary and multilabel). Defaults to None.
    multi_class (`str`): 'ovr' or 'ovo' for multiclass targets, where it must be given.
        Defaults to 'raise'.
    labels (array-like of shape (n_classes,)): Multiclass only: the labels of the
        columns of `prediction_scores`, sorted. Defaults to None: the sorted labels of
        `references`.

Returns:
    roc_auc (`float` or array of shape (n_classes,)): The area, in [0, 1]; an array for
        multilabel (or multiclass 'ovr') with average=None; NaN with an
        UndefinedMetricWarning when the references hold one class only.

Examples:

    Example 1 - binary (evaluate's example)
        >>> import fasteval as evaluate
        >>> roc_auc_score = evaluate.load("roc_auc")
        >>> refs = [1, 0, 1, 1, 0, 0]
        >>> pred_scores = [0.5, 0.2, 0.99, 0.3, 0.1, 0.7]
        >>> results = roc_auc_score.compute(references=refs, prediction_scores=pred_scores)
        >>> print(round(results['roc_auc'], 2))
        0.78

    Example 2 - multiclass, one-vs-rest (evaluate's example)
        >>> roc_auc_score = evaluate.load("roc_auc", "multiclass")
        >>> refs = [1, 0, 1, 2, 2, 0]
        >>> pred_scores = [[0.3, 0.5, 0.2],
        ...                 [0.7, 0.2, 0.1],
        ...                 [0.005, 0.99, 0.005],
        ...                 [0.2, 0.3, 0.5],
        ...                 [0.1, 0.1, 0.8],
        ...                 [0.1, 0.7, 0.2]]
        >>> results = roc_auc_score.compute(references=refs, prediction_scores=pred_scores, multi_class='ovr')
        >>> print(round(results['roc_auc'], 2))
        0.85

    Example 3 - multilabel, one area per label (evaluate's example; float() because
    numpy 2 prints np.float64(...) for the rounded items)
        >>> roc_auc_score = evaluate.load("roc_auc", "multilabel")
        >>> refs = [[1, 1, 0],
        ...         [1, 1, 0],
        ...         [0, 1, 0],
        ...         [0, 0, 1],
        ...         [0, 1, 1],
        ...         [1, 0, 1]]
        >>> pred_scores = [[0.3, 0.5, 0.2],
        ...                 [0.7, 0.2, 0.1],
        ...                 [0.005, 0.99, 0.005],
        ...                 [0.2, 0.3, 0.5],
        ...                 [0.1, 0.1, 0.8],
        ...                 [0.1, 0.7, 0.2]]
        >>> results = roc_auc_score.compute(references=refs, prediction_scores=pred_scores, average=None)
        >>> print([round(float(res), 2) for res in results['roc_auc']])
        [0.83, 0.38, 0.94]

    Example 4 - streaming batches, partial AUC
        >>> roc_auc = evaluate.load("roc_auc")
        >>> roc_auc.add_batch(references=[0, 0, 1], predictions=[0.1, 0.4, 0.35])
        >>> roc_auc.add_batch(references=[1, 0, 1], predictions=[0.8, 0.2, 0.9])
        >>> roc_auc.compute(max_fpr=0.5)
        {'roc_auc': 0.8518518518518519}
"""

_CITATION = (
    """
@article{mcclish1989,
  author = {McClish, Donna Katzman},
  title = {Analyzing a Portion of the {ROC} Curve},
  journal = {Medical Decision Making},
  volume = {9},
  number = {3},
  pages = {190--195},
  year = {1989},
  doi = {10.1177/0272989X8900900307}
}

@article{hand2001,
  author = {Hand, David J. and Till, Robert J.},
  title = {A Simple Generalisation of the Area Under the {ROC} Curve for Multiple Class
           Classification Problems},
  journal = {Machine Learning},
  volume = {45},
  number = {2},
  pages = {171--186},
  year = {2001},
  doi = {10.1023/A:1010920819831}
}
"""
    + SKLEARN_CITATION
)


class ROCAUC(RankingModule):
    name = "roc_auc"
    summary = "Area under the ROC curve (binary, multiclass ovr/ovo, multilabel; partial AUC), as scikit-learn."
    description = _DESCRIPTION
    inputs_description = _KWARGS_DESCRIPTION
    citation = _CITATION
    score_name = "prediction_scores"
    options: ClassVar[dict[str, Any]] = {
        "average": "macro",
        "max_fpr": None,
        "multi_class": "raise",
        "labels": None,
    }
    reference_urls: ClassVar[list[str]] = [
        "https://scikit-learn.org/stable/modules/generated/sklearn.metrics.roc_auc_score.html"
    ]

    @property
    def features(self) -> dict[str, Value]:  # type: ignore[override]
        if self.config_name == "multiclass":
            return {
                "prediction_scores": Value("float32", id="sequence"),
                "references": Value("int32"),
            }
        if self.config_name == "multilabel":
            return {
                "references": Value("int32", id="sequence"),
                "prediction_scores": Value("float32", id="sequence"),
            }
        return {"references": Value("int32"), "prediction_scores": Value("float32")}

    def _derive_state(self, state: Any, **options: Any) -> dict[str, Any]:
        y, multilabel, scores, weights = self._arrays(state)
        value = _roc_auc(
            y,
            multilabel,
            scores,
            weights,
            options["average"],
            options["max_fpr"],
            options["multi_class"],
            options["labels"],
            names=("references", self.score_name),
        )
        return {self.name: value}

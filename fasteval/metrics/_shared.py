"""What several metric modules share: the scikit-learn citation and the set-wise scores.

precision, recall, f1, fbeta, jaccard and specificity take the same options
(``labels``, ``pos_label``, ``average``, ``zero_division``) with scikit-learn's
semantics and return one score (or one per label); only the derive differs.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fasteval._counts import CountsView
from fasteval._state import LabelCounts
from fasteval.functional._derive import derive_precision_recall_fscore_support
from fasteval.functional.multilabel import derive_multilabel_precision_recall_fscore_support
from fasteval.module import ClassificationModule


def multilabel_setwise_args(name: str) -> str:
    """The shared Args of the "multilabel" config, for a set-wise module's inputs_description."""
    return _MULTILABEL_SETWISE_ARGS.replace("{name}", name)


_MULTILABEL_SETWISE_ARGS = """\
Multilabel config (`evaluate.load("{name}", config_name="multilabel")`):
    predictions, references (`list` of `list` of `int`, 2-D array-like): indicator
        matrices of shape (n_samples, n_labels) holding 0 and 1 (lists of lists,
        numpy, torch, pyarrow/polars list columns).
    labels (`list` of `int`): Column indices to score (and their order with
        `average=None`). Defaults to None: every column.
    average (`str` or `None`): As above without 'binary' (the default 'binary'
        raises, as in scikit-learn: pass an average), plus 'samples': the score of
        each example's label set, averaged over examples ('micro' pools every
        (example, label) cell).
"""


SKLEARN_CITATION = """
@article{scikit-learn,
  title={Scikit-learn: Machine Learning in {P}ython},
  author={Pedregosa, F. and Varoquaux, G. and Gramfort, A. and Michel, V.
         and Thirion, B. and Grisel, O. and Blondel, M. and Prettenhofer, P.
         and Weiss, R. and Dubourg, V. and Vanderplas, J. and Passos, A. and
         Cournapeau, D. and Brucher, M. and Perrot, M. and Duchesnay, E.},
  journal={Journal of Machine Learning Research},
  volume={12},
  pages={2825--2830},
  year={2011}
}
"""

#: scikit-learn plus van Rijsbergen's book, where the F-measure comes from (f1, fbeta)
F_SCORE_CITATION = (
    SKLEARN_CITATION
    + """@book{van-rijsbergen-1979,
  title={Information Retrieval},
  author={van Rijsbergen, C. J.},
  edition={2nd},
  publisher={Butterworth-Heinemann},
  address={London},
  year={1979}
}
"""
)

SETWISE_OPTIONS: dict[str, Any] = {
    "labels": None,
    "pos_label": 1,
    "average": "binary",
    "zero_division": "warn",
}


class SetwiseScore(ClassificationModule):
    """A per-label score averaged as scikit-learn does; the output key is the module name.

    The "multilabel" config takes the same options (``labels`` are then column
    indices) plus ``average="samples"``.
    """

    options: ClassVar[dict[str, Any]] = SETWISE_OPTIONS
    multilabel_options: ClassVar[dict[str, Any] | None] = SETWISE_OPTIONS

    def score(self, view: CountsView, **options: Any) -> Any:
        raise NotImplementedError

    def score_multilabel(self, view: Any, **options: Any) -> Any:
        """The score from a :class:`~fasteval._multilabel.MultilabelView`."""
        raise NotImplementedError

    def _derive_counts(self, state: LabelCounts, **options: Any) -> dict[str, Any]:
        return {self.name: self.score(state.view(), **options)}

    def _derive_multilabel(self, view: Any, **options: Any) -> dict[str, Any]:
        return {self.name: self.score_multilabel(view, **options)}


class PrecisionRecallFScore(SetwiseScore):
    """precision, recall and F-beta: one derive, of which each module keeps one output."""

    #: which of (precision, recall, f-score) this module returns
    output: ClassVar[int]
    #: the ill-defined cases this module warns about, as scikit-learn's ``warn_for``
    warn_for: ClassVar[tuple[str, ...]]

    def score(self, view: CountsView, beta: float = 1.0, **options: Any) -> Any:
        scores = derive_precision_recall_fscore_support(
            view, beta=beta, warn_for=self.warn_for, **options
        )
        return scores[self.output]

    def score_multilabel(self, view: Any, beta: float = 1.0, **options: Any) -> Any:
        scores = derive_multilabel_precision_recall_fscore_support(
            view, beta=beta, warn_for=self.warn_for, **options
        )
        return scores[self.output]

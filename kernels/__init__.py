"""Numba kernels of fasteval, installed as ``fasteval.kernels``.

Plain loops over 1-D arrays: arrays in, arrays out. They know nothing of
modules, options or validation; the Python wrappers in ``fasteval`` prove every
index in range before a kernel runs (Numba does not bounds-check).
"""

from .counting import (
    class_counts,
    class_counts_parallel,
    class_counts_weighted,
    joint_counts,
    joint_counts_small,
    joint_counts_small_parallel,
    joint_counts_weighted,
)
from .encoding import (
    first_invalid_float_label,
    hash_encode,
    pair_range,
    reinsert_rows,
    unique_rows,
)
from .grouped import grouped_class_counts, grouped_class_counts_weighted, grouped_joint_counts
from .multilabel import (
    first_non_binary,
    multilabel_counts,
    multilabel_counts_weighted,
    selection_codes,
)

__all__ = [
    "class_counts",
    "class_counts_parallel",
    "class_counts_weighted",
    "first_invalid_float_label",
    "first_non_binary",
    "grouped_class_counts",
    "grouped_class_counts_weighted",
    "grouped_joint_counts",
    "hash_encode",
    "joint_counts",
    "joint_counts_small",
    "joint_counts_small_parallel",
    "joint_counts_weighted",
    "multilabel_counts",
    "multilabel_counts_weighted",
    "pair_range",
    "reinsert_rows",
    "selection_codes",
    "unique_rows",
]

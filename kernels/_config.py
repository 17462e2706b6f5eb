"""Numba options in one place.

* ``nogil=True``: kernels release the GIL, so decoding the next batch (Arrow,
  Parquet) can overlap counting this one.
* ``cache=True``: compiled machine code is cached on disk beside the source, so
  a second process loads it instead of recompiling.
* ``fastmath`` is off: weighted sums must be added in input order, exactly as
  ``numpy.bincount`` does, so results equal scikit-learn's to the last bit.
* ``boundscheck=False``: callers prove indices in range before calling.
"""

from numba import njit

JIT_OPTIONS = {"nogil": True, "cache": True, "fastmath": False, "boundscheck": False}


def jit(func):
    """Compile ``func`` lazily with the project's Numba options."""
    return njit(**JIT_OPTIONS)(func)


def jit_inline(func):
    """Compile ``func`` into its callers (Numba IR inlining).

    A small helper called in a hot loop: an ordinary call between jitted
    functions passes arrays as several arguments and counts references on
    them, which costs more than the helper itself.
    """
    return njit(inline="always", **JIT_OPTIONS)(func)


def jit_parallel(func):
    """Compile ``func`` with the project's options plus ``parallel=True`` (prange)."""
    return njit(parallel=True, **JIT_OPTIONS)(func)

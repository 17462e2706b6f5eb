"""Computing one result from the examples of several processes.

``compute()`` of a module (or of a :func:`~fasteval.combine`) ends here. Each
process holds a state (per-label counts, sums, buffered values); the states
are small and mergeable, so every path is: collect the states, merge them in
process order (so that results do not depend on timing), derive once.

* ``torch.distributed``: when a process group is initialized (and torch was
  already imported by the program: fasteval never imports it), every rank's
  states are gathered with ``all_gather_object`` and every rank gets the
  global result. All ranks must call ``compute()``, as for any collective.
* evaluate's ``num_process`` / ``process_id`` / ``experiment_id``
  (``load("accuracy", num_process=4, process_id=rank, experiment_id="run-7")``):
  each process other than 0 pickles its states into a shared folder (written
  to a temporary file, then renamed: a reader never sees half a file) and
  its ``compute()`` returns None, as in evaluate; process 0 waits for all of
  them (polling, ``timeout`` seconds, default 100), merges, returns the
  result and deletes the files. No lock files. The folder is
  ``cache_dir`` (default: ``<system temp dir>/fasteval``) /
  ``processes/<module>-<config>-<experiment_id>-<num_process>``; runs that
  may overlap must use different ``experiment_id`` values (evaluate's rule).

Without either, states are used as they are.
"""

from __future__ import annotations

import copy
import os
import sys
import time
from collections.abc import Callable
from typing import Any

__all__ = ["DEFAULT_TIMEOUT", "check_process_args", "compute_states", "torch_distributed_active"]

#: seconds process 0 waits for the other processes' states
DEFAULT_TIMEOUT = 100.0


def check_process_args(num_process: Any, process_id: Any, timeout: Any) -> None:
    """Validate ``num_process``, ``process_id`` and ``timeout`` (as given to ``load``)."""
    if isinstance(num_process, bool) or not isinstance(num_process, int) or num_process < 1:
        raise ValueError(f"num_process must be an integer >= 1; got {num_process!r}")
    if (
        isinstance(process_id, bool)
        or not isinstance(process_id, int)
        or not 0 <= process_id < num_process
    ):
        raise ValueError(
            f"process_id must be an integer in [0, num_process={num_process}); got {process_id!r}"
        )
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}")


def torch_distributed_active() -> bool:
    """True when torch is imported and a ``torch.distributed`` process group is initialized."""
    torch = sys.modules.get("torch")
    if torch is None:
        return False
    dist = getattr(torch, "distributed", None)
    return bool(dist is not None and dist.is_available() and dist.is_initialized())


def compute_states(
    owner: Any, accumulators: list[Any], derive: Callable[[list[Any]], Any], name: str
) -> Any:
    """Fold pending batches, collect every process's states, merge, ``derive``.

    Returns ``derive(merged states)``, or None on a process other than 0 of a
    ``num_process`` group. Raises ValueError when no process holds examples.
    """
    for acc in accumulators:
        acc.flush()
    group = _file_group(owner, name)
    if group is not None:
        return group.compute(owner, accumulators, derive, name)
    if not getattr(owner, "_local_only", False) and torch_distributed_active():
        return _torch_compute(accumulators, derive, name)
    if all(acc.stored == 0 for acc in accumulators):
        raise _nothing(name, 1)
    return derive([acc.state for acc in accumulators])


def _nothing(name: str, processes: int) -> ValueError:
    where = f" on any of the {processes} processes" if processes > 1 else ""
    return ValueError(
        f"{name}.compute(): nothing to compute{where}; pass predictions and references,"
        " or add them first with add() or add_batch()"
    )


def _merged(per_process: list[list[Any]], local: list[Any]) -> list[Any]:
    """Each state merged over the processes, in process order, into new objects."""
    out = []
    for j, first in enumerate(per_process[0]):
        base = copy.deepcopy(first) if any(first is s for s in local) else first
        for states in per_process[1:]:
            base.merge(states[j])
        out.append(base)
    return out


# -- torch.distributed -------------------------------------------------------------


def _torch_compute(accumulators: list[Any], derive: Callable[[list[Any]], Any], name: str) -> Any:
    dist = sys.modules["torch"].distributed
    local = [acc.state for acc in accumulators]
    payload = (local, sum(acc.stored for acc in accumulators))
    gathered: list[Any] = [None] * dist.get_world_size()
    dist.all_gather_object(gathered, payload)
    if sum(rows for _, rows in gathered) == 0:
        raise _nothing(name, len(gathered))
    return derive(_merged([states for states, _ in gathered], local))


# -- num_process / process_id: files in a shared folder ----------------------------


def _safe(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


class _FileGroup:
    """The shared folder of a ``num_process`` group, as one process sees it."""

    def __init__(self, folder: str, num_process: int, process_id: int, timeout: float) -> None:
        self.folder, self.num_process = folder, num_process
        self.process_id, self.timeout = process_id, timeout

    def path(self, round_: int, process_id: int) -> str:
        return os.path.join(
            self.folder, f"round-{round_}-process-{process_id}-of-{self.num_process}.pkl"
        )

    def compute(self, owner: Any, accumulators: list[Any], derive: Callable, name: str) -> Any:
        round_ = owner.__dict__.get("_process_round", 0)
        local = [acc.state for acc in accumulators]
        rows = sum(acc.stored for acc in accumulators)
        if self.process_id != 0:
            self._write(round_, {"states": local, "rows": rows})
            owner._process_round = round_ + 1
            return None
        payloads = self._wait(round_)
        total = rows + sum(p["rows"] for p in payloads)
        if total == 0:
            raise _nothing(name, self.num_process)
        result = derive(_merged([local] + [p["states"] for p in payloads], local))
        for process_id in range(1, self.num_process):
            try:
                os.remove(self.path(round_, process_id))
            except FileNotFoundError:
                pass
        try:
            os.rmdir(self.folder)
        except OSError:
            pass  # not empty (another round, another run) or already gone
        owner._process_round = round_ + 1
        return result

    def _write(self, round_: int, payload: dict[str, Any]) -> None:
        import pickle
        import tempfile

        os.makedirs(self.folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".writing-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path(round_, self.process_id))
        except BaseException:
            try:
                os.remove(tmp)
            except OSError:
                pass
            raise

    def _wait(self, round_: int) -> list[dict[str, Any]]:
        import pickle

        deadline = time.monotonic() + self.timeout
        missing = list(range(1, self.num_process))
        delay = 0.005
        while True:
            missing = [p for p in missing if not os.path.exists(self.path(round_, p))]
            if not missing:
                break
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"process 0 waited {self.timeout:g} s for the states of process(es)"
                    f" {', '.join(map(str, missing))} of {self.num_process} in {self.folder!r};"
                    " they did not call compute(), or use another experiment_id, cache_dir or"
                    " num_process. The states that did arrive stay there: call compute() again"
                    " to keep waiting (or pass a longer timeout to load()), or delete the folder"
                    " to start over"
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)
        payloads = []
        for process_id in range(1, self.num_process):
            with open(self.path(round_, process_id), "rb") as f:
                payloads.append(pickle.load(f))
        return payloads


def _file_group(owner: Any, name: str) -> _FileGroup | None:
    """The num_process group ``owner`` (a module or a combination) belongs to, if any."""
    if getattr(owner, "_local_only", False):
        return None
    modules = getattr(owner, "evaluation_modules", None)
    if modules is None:
        modules = [owner]
    settings = {
        (
            getattr(m, "num_process", 1),
            getattr(m, "process_id", 0),
            getattr(m, "experiment_id", None),
            getattr(m, "cache_dir", None),
        )
        for m in modules
    }
    if all(s[0] == 1 for s in settings):
        return None
    if len(settings) > 1:
        raise ValueError(
            f"{name}.compute(): the combined modules must all be loaded with the same"
            " num_process, process_id, experiment_id and cache_dir"
        )
    num_process, process_id, experiment_id, cache_dir = settings.pop()
    if owner is not modules[0]:  # a combination
        key = "combine-" + "+".join(_safe(m.name) for m in modules)
    else:
        key = f"{_safe(owner.name)}-{_safe(getattr(owner, 'config_name', 'default'))}"
    if cache_dir is None:
        import tempfile

        cache_dir = os.path.join(tempfile.gettempdir(), "fasteval")
    folder = os.path.join(
        cache_dir,
        "processes",
        f"{key}-{_safe(experiment_id or 'default_experiment')}-{num_process}",
    )
    timeout = max(getattr(m, "timeout", DEFAULT_TIMEOUT) for m in modules)
    return _FileGroup(folder, num_process, process_id, float(timeout))

"""Text-metric benchmark: fasteval's wer/cer beside jiwer and evaluate's wer/cer modules.

    python benchmarks/run_text.py                 # 100,000 sentence pairs of 5-40 words
    python benchmarks/run_text.py --pairs 20000   # a quicker look

Every ratio compares medians measured side by side in this one process on the
same Python lists of strings, and every result is checked against jiwer.
fasteval is timed in its steady state (word coding by its Numba kernel, as once
Numba is loaded); the Arrow word coder it uses before that, and fresh-process
times (import + first compute), are shown below the table.

Hugging Face evaluate downloads its metric scripts from the Hub when
``evaluate.load("wer")`` runs. Without network access, when evaluate is
installed, the script writes a local evaluate module whose ``_compute`` does
what the published wer/cer modules' ``_compute`` does with jiwer 4 (a Python
loop over the pairs calling ``jiwer.process_words`` or
``jiwer.process_characters`` and summing the counts) and times it through
evaluate's own ``compute`` (features encoding, Arrow cache). Without evaluate
it times that loop alone, a stand-in that leaves out evaluate's own overhead
and so can only flatter evaluate.
"""

from __future__ import annotations

import argparse
import pickle
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):  # run as a script: make `import fasteval` find the work tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_pairs(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """``n`` (prediction, reference) sentence pairs of 5-40 words, ~10% word errors.

    Words come from a 30,000-word synthetic vocabulary with Zipf-like
    frequencies; each prediction substitutes, deletes or inserts words of its
    reference at random.
    """
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab_size = 30_000
    lengths = rng.integers(2, 11, vocab_size)
    vocab = np.array(["".join(rng.choice(letters, k)) for k in lengths.tolist()], dtype=object)
    weights = 1.0 / np.arange(1, vocab_size + 1)
    weights /= weights.sum()
    sizes = rng.integers(5, 41, n)
    words = vocab[rng.choice(vocab_size, int(sizes.sum()), p=weights)]
    edits = rng.random(len(words))
    subs = vocab[rng.choice(vocab_size, len(words), p=weights)]
    inserted = vocab[rng.choice(vocab_size, len(words), p=weights)]
    predicted = np.where(edits < 0.05, subs, words)
    predicted = np.where(edits > 0.98, predicted + " " + inserted, predicted)
    keep = ~((edits >= 0.05) & (edits < 0.08))
    bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    references, predictions = [], []
    for a, b in zip(bounds[:-1], bounds[1:]):
        references.append(" ".join(words[a:b].tolist()))
        predictions.append(" ".join(predicted[a:b][keep[a:b]].tolist()))
    return predictions, references


def evaluate_wer_standin(predictions: list[str], references: list[str]) -> float:
    """What evaluate's wer module computes with jiwer 4 (concatenate_texts=False): pair by pair."""
    import jiwer

    incorrect = total = 0
    for prediction, reference in zip(predictions, references):
        out = jiwer.process_words(reference, prediction)
        incorrect += out.substitutions + out.deletions + out.insertions
        total += out.substitutions + out.deletions + out.hits
    return incorrect / total


def evaluate_cer_standin(predictions: list[str], references: list[str]) -> float:
    """What evaluate's cer module computes with jiwer 4 (concatenate_texts=False): pair by pair."""
    import jiwer

    incorrect = total = 0
    for prediction, reference in zip(predictions, references):
        out = jiwer.process_characters(reference, prediction)
        incorrect += out.substitutions + out.deletions + out.insertions
        total += out.substitutions + out.deletions + out.hits
    return incorrect / total


# An evaluate module with the published wer/cer modules' _compute (jiwer 4 branch),
# written to a temporary file and loaded through evaluate's own machinery
# (features encoding, Arrow cache writing and reading) when the Hub is unreachable.
_LOCAL_MODULE = """
import datasets
import evaluate
import jiwer


class Local{cls}(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description="{name}", citation="", inputs_description="",
            features=datasets.Features({{
                "predictions": datasets.Value("string", id="sequence"),
                "references": datasets.Value("string", id="sequence"),
            }}),
        )

    def _compute(self, predictions, references, concatenate_texts=False):
        wrong = total = 0
        for prediction, reference in zip(predictions, references):
            out = jiwer.{process}(reference, prediction)
            wrong += out.substitutions + out.deletions + out.insertions
            total += out.substitutions + out.deletions + out.hits
        return wrong / total
"""


def load_evaluate(name: str, workdir: Path) -> tuple[Callable[..., Any] | None, str]:
    """evaluate's module: from the Hub, else a local copy of its _compute; or None and why."""
    try:
        import evaluate
    except ImportError:
        return None, "evaluate is not installed"
    try:
        return evaluate.load(name).compute, "evaluate module"
    except Exception as err:  # no network: the script cannot be downloaded
        why = f"evaluate.load({name!r}) failed ({type(err).__name__})"
    process = "process_words" if name == "wer" else "process_characters"
    path = workdir / f"local_{name}.py"
    path.write_text(_LOCAL_MODULE.format(cls=name.upper(), name=name, process=process))
    module = evaluate.load(str(path))
    return (
        module.compute,
        f"{why}; timed evaluate {evaluate.__version__} running a local module with its _compute",
    )


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def fresh_process(pairs_file: Path, n: int, repeat: int = 3) -> float:
    """Median seconds for ``import fasteval`` + one wer compute of ``n`` pairs in a new process."""
    from benchmarks import run

    code = (
        "import pickle, sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        f"p, r = pickle.load(open({str(pairs_file)!r}, 'rb'))\n"
        f"p, r = p[:{n}], r[:{n}]\n"
        "t = time.perf_counter()\n"
        "import fasteval\n"
        "fasteval.load('wer').compute(predictions=p, references=r)\n"
        "print(time.perf_counter() - t)\n"
    )
    return run.fresh_process(code, repeat)


def fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of fasteval")
    parser.add_argument("--slow-runs", type=int, default=3, help="timed runs of jiwer/evaluate")
    args = parser.parse_args(argv)

    import jiwer
    import rapidfuzz

    import fasteval

    predictions, references = make_pairs(args.pairs)
    n_words = sum(len(r.split()) for r in references)
    print(
        f"# Text metrics: {args.pairs:,} sentence pairs of 5-40 words ({n_words:,} reference words)\n"
    )
    print(
        f"Machine: {platform.machine()}, {__import__('os').cpu_count()} cores; Python"
        f" {platform.python_version()}, fasteval {fasteval.__version__}, jiwer"
        f" {__import__('importlib.metadata').metadata.version('jiwer')}, rapidfuzz"
        f" {rapidfuzz.__version__}. Medians of {args.runs} runs (fasteval) and"
        f" {args.slow_runs} runs (jiwer, evaluate).\n"
    )
    import fasteval.text

    fasteval.text.COLD_ARROW_PAIRS = 0  # steady state: the Numba word coder from the start
    fasteval.load("wer").compute(predictions=predictions[:100], references=references[:100])

    rows = []
    notes = []
    workdir = Path(tempfile.mkdtemp(prefix="fasteval_bench_"))
    from fasteval.functional import text as text_functional

    for name, jiwer_fn, standin in [
        ("wer", jiwer.wer, evaluate_wer_standin),
        ("cer", jiwer.cer, evaluate_cer_standin),
    ]:
        module = fasteval.load(name)
        t_fast, ours = median_time(
            lambda m=module: m.compute(predictions=predictions, references=references), args.runs
        )
        text_functional.THREADS = 1
        t_one, _ = median_time(
            lambda m=module: m.compute(predictions=predictions, references=references), args.runs
        )
        text_functional.THREADS = None
        t_jiwer, theirs = median_time(lambda f=jiwer_fn: f(references, predictions), args.slow_runs)
        real, why = load_evaluate(name, workdir)
        if real is not None:
            label = "evaluate"
            t_eval, ev = median_time(
                lambda r=real: r(predictions=predictions, references=references), args.slow_runs
            )
            notes.append(f"{name}: {why}")
        else:
            label = "evaluate stand-in"
            notes.append(f"{name}: {why}; timed the stand-in of its _compute (see the docstring)")
            t_eval, ev = median_time(lambda s=standin: s(predictions, references), args.slow_runs)
        if ours != theirs or abs(ev - theirs) > 1e-12:
            raise SystemExit(f"{name}: results differ: fasteval {ours!r}, jiwer {theirs!r}, {ev!r}")
        rows.append((name, t_fast, t_one, t_jiwer, t_eval, label, ours))

    # the alignment path (S/D/I/H: mer, wil, wip, return_counts) for context
    t_counts, out = median_time(
        lambda: fasteval.load("wer").compute(
            predictions=predictions, references=references, return_counts=True
        ),
        args.runs,
    )
    t_jcounts, jout = median_time(
        lambda: jiwer.process_words(references, predictions), args.slow_runs
    )
    if (out["hits"], out["substitutions"]) != (jout.hits, jout.substitutions):
        raise SystemExit("wer counts differ from jiwer")

    # the Arrow word coder, used before Numba is loaded in a process
    fasteval.text._word_coder = "arrow"
    t_arrow, arrow_out = median_time(
        lambda: fasteval.load("wer").compute(predictions=predictions, references=references),
        args.runs,
    )
    fasteval.text._word_coder = None
    if arrow_out != rows[0][-1]:
        raise SystemExit("wer with the Arrow word coder differs")
    pairs_file = workdir / "pairs.pkl"
    pairs_file.write_bytes(pickle.dumps((predictions, references)))
    fresh_process(pairs_file, 10)  # the kernel caches are on disk
    fresh = {n: fresh_process(pairs_file, n) for n in (1_000, min(args.pairs, 100_000))}

    threads = text_functional._threads()
    print(
        f"| metric | fasteval ({threads} threads) | fasteval (1 thread) | jiwer | evaluate"
        " | vs jiwer | vs evaluate | vs jiwer, 1 thread | vs evaluate, 1 thread | value |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, t_fast, t_one, t_jiwer, t_eval, label, value in rows:
        print(
            f"| {name} | {fmt_time(t_fast)} | {fmt_time(t_one)} | {fmt_time(t_jiwer)}"
            f" | {fmt_time(t_eval)} ({label}) | {t_jiwer / t_fast:.1f}x | {t_eval / t_fast:.1f}x"
            f" | {t_jiwer / t_one:.1f}x | {t_eval / t_one:.1f}x | {value:.6f} |"
        )
    print(
        f"| wer + S/D/I/H counts (return_counts=True) | {fmt_time(t_counts)} | - |"
        f" {fmt_time(t_jcounts)} (process_words) | - | {t_jcounts / t_counts:.1f}x | - | - | - |"
        f" {out['wer']:.6f} |"
    )
    print(
        f"| wer, Arrow word coder (before Numba loads) | {fmt_time(t_arrow)} | - | - | - |"
        f" {rows[0][3] / t_arrow:.1f}x | {rows[0][4] / t_arrow:.1f}x | - | - | {arrow_out:.6f} |"
    )
    print("\nFresh process (median of 3), `import fasteval` + first `wer` compute:\n")
    for n, seconds in fresh.items():
        print(f"- {n:,} pairs: {fmt_time(seconds)}")
    for note in notes:
        print(f"\nNote: {note}.")


if __name__ == "__main__":
    main()

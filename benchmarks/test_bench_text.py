"""pytest-benchmark modules for the text metrics: fasteval beside jiwer and evaluate's wer/cer.

In the default test run benchmarking is disabled (``--benchmark-disable``):
each benchmark runs once on a small corpus and its result is checked against
jiwer on the same data. To time them on the issue's 100,000 pairs:

    python -m pytest benchmarks/test_bench_text.py --benchmark-enable --bench-rows 1000000

(``--bench-rows / 10`` sentence pairs, at most 100,000.) ``benchmarks/run_text.py``
prints the side-by-side table.
"""

import jiwer
import pytest

import fasteval as evaluate
from benchmarks.run_text import evaluate_cer_standin, evaluate_wer_standin, make_pairs

MAX_PAIRS = 100_000


@pytest.fixture(scope="module")
def text_pairs(bench_rows):
    return make_pairs(max(100, min(bench_rows // 10, MAX_PAIRS)))


@pytest.fixture(scope="module")
def jiwer_reference(text_pairs):
    predictions, references = text_pairs
    words = jiwer.process_words(references, predictions)
    return {
        "wer": words.wer,
        "cer": jiwer.cer(references, predictions),
        "counts": (words.substitutions, words.deletions, words.insertions, words.hits),
    }


JIWER = {"wer": jiwer.wer, "cer": jiwer.cer}
STANDIN = {"wer": evaluate_wer_standin, "cer": evaluate_cer_standin}


@pytest.mark.parametrize("impl", ["fasteval", "jiwer", "evaluate-standin"])
@pytest.mark.parametrize("metric", ["wer", "cer"])
def test_error_rate(benchmark, impl, metric, text_pairs, jiwer_reference):
    predictions, references = text_pairs
    benchmark.group = f"{metric}|{len(references)} pairs"
    if impl == "fasteval":
        module = evaluate.load(metric)
        out = benchmark(module.compute, predictions=predictions, references=references)
        assert out == jiwer_reference[metric]
    elif impl == "jiwer":
        out = benchmark.pedantic(
            JIWER[metric], args=(references, predictions), rounds=1, iterations=1
        )
        assert out == jiwer_reference[metric]
    else:
        out = benchmark.pedantic(
            STANDIN[metric], args=(predictions, references), rounds=1, iterations=1
        )
        assert out == pytest.approx(jiwer_reference[metric], rel=1e-12)


def test_wer_with_counts(benchmark, text_pairs, jiwer_reference):
    predictions, references = text_pairs
    benchmark.group = f"wer+counts|{len(references)} pairs"
    module = evaluate.load("wer")
    out = benchmark(
        module.compute, predictions=predictions, references=references, return_counts=True
    )
    assert out["wer"] == jiwer_reference["wer"]
    got = (out["substitutions"], out["deletions"], out["insertions"], out["hits"])
    assert got == jiwer_reference["counts"]


@pytest.mark.parametrize("batch_size", [32, 1000])
def test_wer_add_batch_streaming(benchmark, batch_size, text_pairs, jiwer_reference):
    predictions, references = text_pairs
    benchmark.group = f"wer add_batch|{batch_size}"

    def stream():
        module = evaluate.load("wer")
        for lo in range(0, len(references), batch_size):
            module.add_batch(
                predictions=predictions[lo : lo + batch_size],
                references=references[lo : lo + batch_size],
            )
        return module.compute()

    assert benchmark(stream) == jiwer_reference["wer"]

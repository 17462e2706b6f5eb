"""Train a small torch classifier on scikit-learn's digits, evaluating it after each epoch.

The evaluation loop is the one evaluate users write (``import fasteval as
evaluate``, ``combine``, ``add_batch`` per batch, ``compute`` per epoch); only
the import changes. CPU only, a few seconds.

Run with ``python examples/train_torch_classifier.py --epochs 8``.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import torch
from sklearn.datasets import load_digits

import fasteval as evaluate


def batches(
    x: torch.Tensor, y: torch.Tensor, size: int, shuffle: bool, gen: torch.Generator
) -> Iterator[dict]:
    """A minimal data loader yielding dict batches, as a Hugging Face collator does."""
    order = torch.randperm(len(x), generator=gen) if shuffle else torch.arange(len(x))
    for start in range(0, len(x), size):
        idx = order[start : start + size]
        yield {"pixel_values": x[idx], "labels": y[idx]}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8, help="training epochs (default 8)")
    parser.add_argument("--batch-size", type=int, default=64, help="batch size (default 64)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)

    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    digits_x, digits_y = load_digits(return_X_y=True)
    x = torch.tensor(digits_x / 16.0, dtype=torch.float32)
    y = torch.tensor(digits_y)
    perm = torch.randperm(len(x), generator=gen)
    train_idx, test_idx = perm[:1400], perm[1400:]
    x_train, y_train, x_test, y_test = x[train_idx], y[train_idx], x[test_idx], y[test_idx]

    model = torch.nn.Sequential(
        torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Dropout(0.1), torch.nn.Linear(64, 10)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    metric = evaluate.combine(["accuracy", "f1"])

    results: dict = {}
    for epoch in range(1, args.epochs + 1):
        model.train()
        for batch in batches(x_train, y_train, args.batch_size, shuffle=True, gen=gen):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(batch["pixel_values"]), batch["labels"])
            loss.backward()
            optimizer.step()

        model.eval()
        predictions = []
        with torch.no_grad():
            for batch in batches(x_test, y_test, args.batch_size, shuffle=False, gen=gen):
                pred = model(batch["pixel_values"]).argmax(dim=-1)
                metric.add_batch(predictions=pred.long(), references=batch["labels"].long())
                predictions.append(pred)
        results = metric.compute(average="macro")  # ten classes: macro-averaged F1
        print(
            f"epoch {epoch}: loss {loss.item():.3f}  accuracy {results['accuracy']:.4f}"
            f"  f1 {results['f1']:.4f}"
        )

    return {
        **results,
        "predictions": torch.cat(predictions).numpy(),
        "references": y_test.numpy(),
        "model": model,
        "x_test": x_test,
    }


if __name__ == "__main__":
    main()

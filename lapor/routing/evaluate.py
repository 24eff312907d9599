"""Offline evaluation on labelled complaint files (no database).

A file is a CSV with the columns `id,title,body,addressed_to`; the label is the raw
`addressed_to`, and rows with an empty label are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .model import TextModel, expected_calibration_error, top_k_accuracy
from .text import strip_salutation

COLUMNS = ("id", "title", "body", "addressed_to")


class DataError(ValueError):
    """A labelled file that cannot be used, with a sentence saying why."""


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    label: str


def read_rows(path: Path, *, strip: bool = False) -> list[Row]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; need {','.join(COLUMNS)}")
    rows = []
    try:
        for rec in reader:
            label = (rec.get("addressed_to") or "").strip()
            if not label:
                continue
            body = rec.get("body") or ""
            if strip:
                body = strip_salutation(body)
            rows.append(Row(rec.get("id") or "", f"{rec.get('title') or ''}\n{body}", label))
    except csv.Error as exc:
        raise DataError(f"{path}: malformed CSV near line {reader.line_num} ({exc})") from None
    return rows


@dataclass(frozen=True)
class Scores:
    top1: float
    top3: float
    top5: float
    n: int
    ece: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "top5": round(self.top5, 4),
            "n": self.n,
        }


def score(model: TextModel, test: Sequence[Row]) -> Scores:
    """Accuracy over the test rows whose label occurs in training."""
    index = {lab: i for i, lab in enumerate(model.labels)}
    seen = [r for r in test if r.label in index]
    if not seen:
        return Scores(0.0, 0.0, 0.0, 0, 0.0)
    p = model.proba([r.text for r in seen])
    truth = np.array([index[r.label] for r in seen])
    return Scores(
        top_k_accuracy(p, truth, 1),
        top_k_accuracy(p, truth, 3),
        top_k_accuracy(p, truth, 5),
        len(seen),
        expected_calibration_error(p, truth),
    )


def train_rows(rows: Sequence[Row], *, n_jobs: int = 1) -> TextModel:
    if len({r.label for r in rows}) < 2:
        raise DataError("the training file needs at least two different labels")
    return TextModel.train([r.text for r in rows], [r.label for r in rows], n_jobs=n_jobs)


def evaluate(train: Sequence[Row], test: Sequence[Row], *, n_jobs: int = 1) -> Scores:
    return score(train_rows(train, n_jobs=n_jobs), test)


def cross_validate(
    rows: Sequence[Row], folds: int = 5, seed: int = 0, n_jobs: int = 1
) -> list[Scores]:
    """K-fold cross-validation (shuffled, seeded); one `Scores` per fold."""
    order = np.random.default_rng(seed).permutation(len(rows))
    parts = np.array_split(order, folds)
    out = []
    for k in range(folds):
        test = [rows[i] for i in parts[k]]
        train = [rows[i] for j, p in enumerate(parts) if j != k for i in p]
        out.append(evaluate(train, test, n_jobs=n_jobs))
    return out


def main(argv: Sequence[str], out: Any = None, err: Any = None) -> int:
    """`lapor routing evaluate ...`: runs without Django settings or a database."""
    import argparse
    import json
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    parser = argparse.ArgumentParser(
        prog="lapor routing evaluate",
        description="Latih pada satu CSV (id,title,body,addressed_to) dan nilai pada CSV lain.",
    )
    parser.add_argument("--train", required=True, type=Path)
    parser.add_argument("--test", required=True, type=Path)
    parser.add_argument(
        "--strip-salutation", action="store_true", help="buang baris awal 'Yth. <tujuan>,'"
    )
    parser.add_argument("--json", action="store_true", help="baris terakhir: satu objek JSON")
    parser.add_argument("--jobs", type=int, default=1, help="proses paralel saat melatih")
    args = parser.parse_args(list(argv))
    try:
        if args.jobs < 1:
            raise DataError("--jobs must be at least 1")
        train = read_rows(args.train, strip=args.strip_salutation)
        test = read_rows(args.test, strip=args.strip_salutation)
        model = train_rows(train, n_jobs=args.jobs)
    except DataError as exc:
        print(f"lapor routing evaluate: {exc}", file=err)
        return 1
    result = score(model, test)
    print(
        f"train: {len(train)} rows, {len(model.labels)} labels; test: {len(test)} rows, "
        f"{result.n} with a label seen in training",
        file=out,
    )
    print(
        f"top-1 {result.top1:.4f}  top-3 {result.top3:.4f}  top-5 {result.top5:.4f}  "
        f"ECE {result.ece:.4f}  n {result.n}",
        file=out,
    )
    if args.json:
        print(json.dumps(result.as_dict()), file=out)
    return 0

"""The text classifier behind routing suggestions.

Words (Sastrawi stems, 1–2-grams) and character n-grams (2–5, within words) of the normalised
text, TF-IDF weighted, feed one linear SVM per label (one-vs-rest, liblinear). Each label's
weight vector is pruned to its strongest `keep` features and stored sparse, so a model over 700
institutions stays a few megabytes. A second score is the similarity of the text to the label's
own name ("mentions the institution"): that is what lets a label seen once or never in
training still be chosen. Scores become probabilities through a `Calibration` fitted on
reports the model had not seen (a softmax temperature, then a curve for the top label), so
"85 %" means right about 85 % of the time.

A model is saved as one `.npz` file of plain arrays (no pickle): loading a file can never run
code, and a damaged file fails loudly and is replaced by the cold-start router.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.svm import LinearSVC

from .text import normalize, tokens

FORMAT = 1
NAME_WEIGHT = 1.0  # weight of name similarity next to the SVM score (5-fold CV on LAPOR! 2017)
MAX_NEGATIVES = 10_000  # other reports sampled per label when there are more (see _fit_rows)


def _word_doc(norm: str) -> str:
    return " ".join(tokens(norm, normalized=True))


def _idf(x: sparse.csr_matrix) -> np.ndarray:
    n = x.shape[0]
    df = np.bincount(x.indices, minlength=x.shape[1])
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    x = counts.astype(np.float32)
    x.data = np.log1p(x.data)
    return sparse.csr_matrix(x.multiply(idf.reshape(1, -1)))


def _l2(x: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)


@dataclass
class Features:
    """Two vocabularies (stemmed words, character n-grams) and their IDF weights."""

    word_vocab: list[str]
    char_vocab: list[str]
    word_idf: np.ndarray
    char_idf: np.ndarray
    _word: CountVectorizer = field(init=False, repr=False)
    _char: CountVectorizer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._word = CountVectorizer(
            vocabulary={w: i for i, w in enumerate(self.word_vocab)},
            token_pattern=r"\S+",
            ngram_range=(1, 2),
            lowercase=False,
            dtype=np.float32,
        )
        self._char = CountVectorizer(
            vocabulary={w: i for i, w in enumerate(self.char_vocab)},
            analyzer="char_wb",
            ngram_range=(2, 5),
            lowercase=False,
            dtype=np.float32,
        )

    @classmethod
    def fit_transform(
        cls, norms: Sequence[str], words: Sequence[str], *, max_features: int
    ) -> tuple[Features, sparse.csr_matrix]:
        """Learn the vocabularies and IDF of a corpus and return its matrix too (counting the
        corpus once: the counts that chose the vocabulary are the ones weighed)."""
        min_df = 1 if len(norms) < 5000 else 2
        wv = CountVectorizer(
            token_pattern=r"\S+",
            ngram_range=(1, 2),
            lowercase=False,
            min_df=min_df,
            max_features=max_features // 3,
            dtype=np.float32,
        )
        cv = CountVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            lowercase=False,
            min_df=min_df,
            max_features=max_features - max_features // 3,
            dtype=np.float32,
        )
        wx = wv.fit_transform(words).tocsr()
        cx = cv.fit_transform(norms).tocsr()
        features = cls(
            list(wv.get_feature_names_out()),
            list(cv.get_feature_names_out()),
            _idf(wx),
            _idf(cx),
        )
        return features, features._matrix(wx, cx)

    @property
    def size(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab)

    def transform(self, norms: Sequence[str], words: Sequence[str]) -> sparse.csr_matrix:
        return self._matrix(self._word.transform(words), self._char.transform(norms))

    def _matrix(self, word_counts: sparse.csr_matrix, char_counts: sparse.csr_matrix) -> Any:
        wx = _weigh(word_counts, self.word_idf)
        cx = _weigh(char_counts, self.char_idf)
        return _l2(sparse.hstack([wx, cx]).tocsr())

    def feature_name(self, index: int) -> str:
        if index < len(self.word_vocab):
            return self.word_vocab[index]
        return self.char_vocab[index - len(self.word_vocab)]


def _fit_rows(
    x: sparse.csr_matrix,
    y: np.ndarray,
    label_ids: Sequence[int],
    keep: int,
    c: float,
    max_negatives: int,
    seed: int,
) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """One binary SVM per label, pruned to its `keep` largest weights (absolute value).

    A label with more than `max_negatives` other reports is fitted on all its own reports and a
    seeded random sample of `max_negatives` others, weighted up so that the sample stands for
    all of them (the expected loss is the full one). That is what makes a corpus of 100,000
    reports train in minutes: a fit costs in proportion to its rows, and almost every label is
    small. Corpora below that size are fitted on every row, exactly."""
    out = []
    for label in label_ids:
        target = (y == label).astype(np.int8)
        rows, weight = x, None
        negatives = np.flatnonzero(target == 0)
        if negatives.size > max_negatives:
            rng = np.random.default_rng([seed, int(label)])
            picked = rng.choice(negatives, max_negatives, replace=False)
            keep_rows = np.sort(np.concatenate([np.flatnonzero(target), picked]))
            rows, target = x[keep_rows], target[keep_rows]
            weight = {0: negatives.size / max_negatives, 1: 1.0}
        svm = LinearSVC(
            C=c, dual=True, max_iter=2000, tol=1e-3, class_weight=weight, random_state=seed
        )
        svm.fit(rows, target)
        w = svm.coef_.ravel().astype(np.float32)
        idx = np.argpartition(-np.abs(w), keep)[:keep] if keep < w.size else np.flatnonzero(w)
        idx = np.sort(idx[w[idx] != 0])
        out.append((idx.astype(np.int32), w[idx], float(svm.intercept_[0])))
    return out


@dataclass(frozen=True)
class _Params:
    max_features: int
    keep: int
    c: float
    n_jobs: int
    max_negatives: int
    seed: int


@dataclass
class TextModel:
    labels: list[str]
    names: list[str]
    features: Features
    coef: sparse.csr_matrix  # labels × features
    intercept: np.ndarray
    name_vectors: sparse.csr_matrix  # labels × features, the labels' own names
    name_weight: float = NAME_WEIGHT
    metrics: dict[str, float] = field(default_factory=dict)
    calibration: Calibration = field(default_factory=lambda: Calibration())

    @property
    def temperature(self) -> float:
        return self.calibration.temperature

    # --- training -----------------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        names: dict[str, str] | None = None,
        max_features: int = 200_000,
        keep: int = 4000,
        c: float = 1.0,
        n_jobs: int = 1,
        calibrate: bool = True,
        max_negatives: int = MAX_NEGATIVES,
        seed: int = 0,
    ) -> TextModel:
        """Train on texts (title + body) with their labels. `names` gives each label's name as
        words (an institution's name, acronym and aliases); by default the label itself.

        With `calibrate`, the probabilities are calibrated on reports the model has not seen
        (`Calibration`): below `CROSS_FIT_BELOW` reports, three models each trained on two
        thirds score the third they miss; above, one model trained on 85 % scores the other
        15 %. Accuracy and calibration error on those reports are kept in `metrics`; then the
        final model is trained on everything. `n_jobs` worker processes fit the labels' SVMs."""
        params = _Params(max_features, keep, c, max(1, n_jobs), max_negatives, seed)
        norms = [normalize(t) for t in texts]
        words = [_word_doc(n) for n in norms]
        y = list(labels)
        calibration = Calibration()
        metrics: dict[str, float] = {}
        if calibrate and len(set(y)) > 1 and len(y) >= 40:
            held_out = []
            for held in _calibration_splits(len(y), seed):
                part = cls._fit(
                    [n for n, h in zip(norms, held, strict=True) if not h],
                    [w for w, h in zip(words, held, strict=True) if not h],
                    [lab for lab, h in zip(y, held, strict=True) if not h],
                    names,
                    params,
                )
                test = [i for i in np.flatnonzero(held) if y[i] in part._index]
                if test:
                    s = part.scores_prepared([norms[i] for i in test], [words[i] for i in test])
                    held_out.append((s, np.array([part._index[y[i]] for i in test])))
            if held_out:
                calibration = Calibration.fit(held_out)
                metrics = calibration.metrics(held_out)
        model = cls._fit(norms, words, y, names, params)
        model.calibration = calibration
        model.metrics = metrics | {"n": float(len(y)), "labels": float(len(model.labels))}
        return model

    @classmethod
    def _fit(
        cls,
        norms: list[str],
        words: list[str],
        y: list[str],
        names: dict[str, str] | None,
        params: _Params,
    ) -> TextModel:
        features, x = Features.fit_transform(norms, words, max_features=params.max_features)
        labels = sorted(set(y))
        index = {lab: i for i, lab in enumerate(labels)}
        yi = np.array([index[lab] for lab in y])
        if len(labels) == 1:
            rows = [(np.zeros(0, np.int32), np.zeros(0, np.float32), 1.0)]
        else:
            jobs = params.n_jobs
            chunks = [list(range(i, len(labels), jobs)) for i in range(jobs)]
            fit_args = (params.keep, params.c, params.max_negatives, params.seed)
            if jobs > 1:
                from joblib import Parallel, delayed

                # Processes, not threads: liblinear draws from one global random generator,
                # so threads sharing it would make training irreproducible.
                parts = Parallel(n_jobs=jobs)(
                    delayed(_fit_rows)(x, yi, chunk, *fit_args) for chunk in chunks
                )
            else:
                parts = [_fit_rows(x, yi, chunks[0], *fit_args)]
            rows = [None] * len(labels)  # type: ignore[list-item]
            for chunk, part in zip(chunks, parts, strict=True):
                for label_id, row in zip(chunk, part, strict=True):
                    rows[label_id] = row
        indptr = np.cumsum([0] + [len(r[0]) for r in rows])
        coef = sparse.csr_matrix(
            (
                np.concatenate([r[1] for r in rows]).astype(np.float32),
                np.concatenate([r[0] for r in rows]).astype(np.int32),
                indptr,
            ),
            shape=(len(labels), features.size),
        )
        intercept = np.array([r[2] for r in rows], dtype=np.float32)
        label_names = [(names or {}).get(lab, lab) for lab in labels]
        name_norms = [normalize(n) for n in label_names]
        name_vectors = features.transform(name_norms, [_word_doc(n) for n in name_norms])
        return cls(labels, label_names, features, coef, intercept, name_vectors)

    # --- prediction ---------------------------------------------------------------------------

    @property
    def _index(self) -> dict[str, int]:
        cached = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {lab: i for i, lab in enumerate(self.labels)}
            self.__dict__["_index_cache"] = cached
        return cached

    def vectors(self, texts: Sequence[str]) -> sparse.csr_matrix:
        norms = [normalize(t) for t in texts]
        return self.features.transform(norms, [_word_doc(n) for n in norms])

    def scores_prepared(self, norms: Sequence[str], words: Sequence[str]) -> np.ndarray:
        return self.scores_of(self.features.transform(norms, words))

    @property
    def _by_feature(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """The label weights and name vectors transposed (features × labels), made once: a
        report's row times these is a cheap sparse product, where multiplying by `coef.T` would
        convert the whole matrix on every call."""
        cached = self.__dict__.get("_by_feature_cache")
        if cached is None:
            cached = (self.coef.T.tocsr(), self.name_vectors.T.tocsr())
            self.__dict__["_by_feature_cache"] = cached
        return cached

    def scores_of(self, x: sparse.csr_matrix) -> np.ndarray:
        """Scores per label. A text with no known feature at all (empty, only emoji or links,
        another script) has no evidence for any label: its scores are all zero, so its
        probabilities are flat rather than the labels' intercepts sharpened by the
        temperature."""
        coef_t, names_t = self._by_feature
        svm = (x @ coef_t).toarray() + self.intercept
        names = (x @ names_t).toarray()
        scores = np.asarray(svm + self.name_weight * names)
        scores[np.diff(x.indptr) == 0] = 0.0
        return scores

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        return self.scores_of(self.vectors(texts))

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.proba_of(self.vectors(texts))

    def proba_of(self, x: sparse.csr_matrix) -> np.ndarray:
        """Calibrated probabilities per label (rows of `x`)."""
        return self.calibration.apply(self.scores_of(x))

    def evidence(self, x: sparse.csr_matrix, label: int, limit: int = 5) -> list[str]:
        """The words of the text that pushed it most towards `label` (for the explanation)."""
        row = x.getrow(0)
        w = self.coef.getrow(label)
        contrib: dict[int, float] = {}
        wmap = dict(zip(w.indices.tolist(), w.data.tolist(), strict=True))
        for j, v in zip(row.indices.tolist(), row.data.tolist(), strict=True):
            if j < len(self.features.word_vocab) and j in wmap and wmap[j] > 0:
                contrib[j] = v * wmap[j]
        best = sorted(contrib, key=lambda j: -contrib[j])[:limit]
        return [self.features.feature_name(j) for j in best]

    # --- storage ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        with tmp.open("wb") as fh:
            np.savez_compressed(
                fh,
                format=np.array([FORMAT]),
                labels=np.array(self.labels, dtype=str),
                names=np.array(self.names, dtype=str),
                word_vocab=np.array(self.features.word_vocab, dtype=str),
                char_vocab=np.array(self.features.char_vocab, dtype=str),
                word_idf=self.features.word_idf,
                char_idf=self.features.char_idf,
                coef_data=self.coef.data,
                coef_indices=self.coef.indices,
                coef_indptr=self.coef.indptr,
                intercept=self.intercept,
                params=np.array(
                    [
                        self.calibration.temperature,
                        self.name_weight,
                        self.calibration.slope,
                        self.calibration.offset,
                    ]
                ),
                metric_keys=np.array(list(self.metrics), dtype=str),
                metric_values=np.array(list(self.metrics.values()), dtype=float),
            )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """Load a saved model; raises `ValueError` on a damaged or foreign file."""
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"][0]) != FORMAT:
                    raise ValueError(f"model format {int(z['format'][0])} is not {FORMAT}")
                features = Features(
                    [str(w) for w in z["word_vocab"]],
                    [str(w) for w in z["char_vocab"]],
                    z["word_idf"],
                    z["char_idf"],
                )
                labels = [str(s) for s in z["labels"]]
                names = [str(s) for s in z["names"]]
                coef = sparse.csr_matrix(
                    (z["coef_data"], z["coef_indices"], z["coef_indptr"]),
                    shape=(len(labels), features.size),
                )
                values = [float(v) for v in z["params"]]
                # Files written before the top-label calibration hold two values.
                temperature, name_weight, slope, offset = [*values, 1.0, 0.0][:4]
                if len(values) not in (2, 4):
                    raise ValueError(f"{len(values)} model parameters, expected 2 or 4")
                metrics = dict(
                    zip(
                        [str(k) for k in z["metric_keys"]],
                        [float(v) for v in z["metric_values"]],
                        strict=True,
                    )
                )
                intercept = z["intercept"]
        except ValueError:
            raise
        except Exception as exc:  # zipfile.BadZipFile, KeyError, OSError, EOFError...
            raise ValueError(f"{type(exc).__name__}: {exc}") from exc
        if intercept.shape != (len(labels),):
            raise ValueError("model arrays do not fit together")
        calibration = Calibration(temperature, slope, offset)
        if not calibration.valid:
            raise ValueError("model calibration is not usable")
        name_norms = [normalize(n) for n in names]
        name_vectors = features.transform(name_norms, [_word_doc(n) for n in name_norms])
        return cls(
            labels,
            names,
            features,
            coef,
            intercept,
            name_vectors,
            name_weight,
            metrics,
            calibration,
        )


# --- calibration -----------------------------------------------------------------------------

CROSS_FIT_BELOW = 20_000  # reports; below, calibrate on three out-of-fold thirds


def _calibration_splits(n: int, seed: int) -> list[np.ndarray]:
    """Boolean "held out" masks: three folds for small histories, one 15 % holdout above."""
    rng = np.random.default_rng(seed)
    if n >= CROSS_FIT_BELOW:
        return [rng.random(n) < 0.15]
    fold = rng.permutation(n) % 3
    return [fold == k for k in range(3)]


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)))


@dataclass(frozen=True)
class Calibration:
    """Scores → probabilities: a softmax with a temperature, then the top label's probability
    mapped through a logistic curve in log-odds (`slope`, `offset`), the others scaled to share
    the rest.

    A temperature alone cannot fix what the LAPOR! 2017 folds show: one temperature left the
    model overconfident at the top (0.98 said, 0.85 right) and underconfident at the bottom
    (0.06 said, 0.19 right). The curve is fitted on whether the top label was right, on reports
    the model had not seen, so "85 %" means right about 85 % of the time. It never changes the
    ranking: when lowering the top label would lift the runner-up above it, all the others are
    scaled down together instead, and the probability left over goes to no label (the report
    may belong to an institution the model has never seen)."""

    temperature: float = 1.0
    slope: float = 1.0
    offset: float = 0.0

    @property
    def valid(self) -> bool:
        values = (self.temperature, self.slope, self.offset)
        return all(math.isfinite(v) for v in values) and self.temperature > 0 and self.slope > 0

    def apply(self, scores: np.ndarray) -> np.ndarray:
        p = softmax(scores / self.temperature)
        if (self.slope, self.offset) == (1.0, 0.0) or p.shape[1] < 2:
            return p
        rows = np.arange(p.shape[0])
        best = p.argmax(axis=1)
        top = p[rows, best]
        new = 1.0 / (1.0 + np.exp(-(self.slope * _logit(top) + self.offset)))
        rest = (1.0 - new) / np.maximum(1.0 - top, 1e-12)
        second = np.partition(p, -2, axis=1)[:, -2]
        # Never raise another label to the top one: scale the others down together instead.
        rest = np.minimum(rest, new * (1 - 1e-6) / np.maximum(second, 1e-30))
        out = p * rest[:, None]
        out[rows, best] = new
        flat = np.ptp(scores, axis=1) == 0  # no top label to speak of: stays uniform
        out[flat] = p[flat]
        return np.asarray(out, dtype=p.dtype)

    @classmethod
    def fit(cls, held_out: Sequence[tuple[np.ndarray, np.ndarray]]) -> Calibration:
        """Fit on (scores, true label index) of reports the scoring model had not seen."""
        temperature = fit_temperature(held_out)
        conf, right = [], []
        for s, truth in held_out:
            p = softmax(s / temperature)
            conf.append(p.max(axis=1))
            right.append(p.argmax(axis=1) == truth)
        x, hit = _logit(np.concatenate(conf)), np.concatenate(right)
        if hit.all() or not hit.any() or len(hit) < 20:
            return cls(temperature)
        from sklearn.linear_model import LogisticRegression

        curve = LogisticRegression(C=100.0).fit(x.reshape(-1, 1), hit)
        slope, offset = float(curve.coef_[0, 0]), float(curve.intercept_[0])
        fitted = cls(temperature, slope, offset)
        return fitted if fitted.valid else cls(temperature)

    def metrics(self, held_out: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
        """Accuracy and calibration error on the held-out reports (the calibration itself was
        fitted on them: three parameters, so the error is a little optimistic)."""
        ps = [self.apply(s) for s, _t in held_out]
        truth = [t for _s, t in held_out]
        n = sum(len(t) for t in truth)

        def mean(fn: Any) -> float:
            return sum(fn(p, t) * len(t) for p, t in zip(ps, truth, strict=True)) / n

        conf = np.concatenate([p.max(axis=1) for p in ps])
        right = np.concatenate([p.argmax(axis=1) == t for p, t in zip(ps, truth, strict=True)])
        return {
            "holdout_n": float(n),
            "holdout_top1": mean(lambda p, t: top_k_accuracy(p, t, 1)),
            "holdout_top3": mean(lambda p, t: top_k_accuracy(p, t, 3)),
            "holdout_ece": calibration_error(conf, right),
        }


# --- probabilities and their quality ---------------------------------------------------------


def softmax(s: np.ndarray) -> np.ndarray:
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def fit_temperature(held_out: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """The softmax temperature minimising the negative log-likelihood of the true labels over
    (scores, truth) pairs (the pairs may come from models with different label sets)."""
    n = sum(len(t) for _s, t in held_out)
    best_t, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(math.log(0.01), math.log(5.0), 80)):
        total = 0.0
        for s, truth in held_out:
            p = softmax(s / t)
            total -= float(np.sum(np.log(p[np.arange(len(truth)), truth] + 1e-12)))
        if total / n < best_nll:
            best_t, best_nll = float(t), total / n
    return best_t


def top_k_accuracy(p: np.ndarray, truth: np.ndarray, k: int) -> float:
    top = np.argsort(-p, axis=1)[:, :k]
    return float(np.mean([truth[i] in top[i] for i in range(len(truth))]))


def expected_calibration_error(p: np.ndarray, truth: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-1 confidence over equal-width bins."""
    return calibration_error(p.max(axis=1), p.argmax(axis=1) == truth, bins)


def calibration_error(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    total = 0.0
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(right[sel].mean() - conf[sel].mean())
    return float(total)

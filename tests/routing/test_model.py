"""The text classifier itself (`lapor.routing.model.TextModel`): no database needed."""

import random

import numpy as np
import pytest

from lapor.routing.model import Calibration, TextModel, expected_calibration_error

TOPICS = {
    "PLN": ["listrik padam", "token listrik", "meteran pln", "tiang listrik roboh"],
    "PDAM": ["air pdam keruh", "pipa air bocor", "air mati", "tagihan air"],
    "Disdukcapil": ["ktp elektronik", "kartu keluarga", "akta kelahiran", "blanko ktp"],
    "Imigrasi": ["paspor hilang", "antrean paspor", "visa kunjungan", "kantor imigrasi"],
    "BPJS Kesehatan": ["kartu bpjs", "iuran bpjs", "rujukan faskes", "klaim rawat inap"],
}
FILLER = [
    *("mohon", "segera", "ditindaklanjuti", "sudah", "lama", "warga", "kami"),
    *("sangat", "dirugikan", "terima", "kasih"),
]


def corpus(per_label: int, seed: int = 3) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for label, phrases in TOPICS.items():
        for _ in range(per_label):
            words = rng.sample(FILLER, 6) + rng.choice(phrases).split()
            rng.shuffle(words)
            texts.append(" ".join(words))
            labels.append(label)
    return texts, labels


CLEAR = {
    "Listrik di rumah kami padam sejak kemarin, token listrik tidak bisa diisi": "PLN",
    "Air PDAM keruh dan pipa bocor di depan rumah": "PDAM",
    "Sudah tiga bulan KTP elektronik belum jadi, blanko habis": "Disdukcapil",
    "Paspor saya hilang, bagaimana mengurus di kantor imigrasi": "Imigrasi",
}


def top(model: TextModel, text: str) -> str:
    return model.labels[int(np.argmax(model.proba([text])[0]))]


def test_a_label_with_many_other_reports_learns_from_a_weighted_sample_of_them():
    texts, labels = corpus(40)  # 160 other reports per label
    sampled = TextModel.train(texts, labels, max_negatives=30, calibrate=False)
    exact = TextModel.train(texts, labels, calibrate=False)
    # The sample was really used (other weights), yet the clear cases route the same way.
    assert not np.allclose(sampled.coef.toarray(), exact.coef.toarray())
    for text, want in CLEAR.items():
        assert top(sampled, text) == want
        assert top(exact, text) == want


def test_sampling_is_seeded_so_retraining_the_same_history_gives_the_same_model():
    texts, labels = corpus(30)
    a = TextModel.train(texts, labels, max_negatives=25, calibrate=False, seed=7)
    b = TextModel.train(texts, labels, max_negatives=25, calibrate=False, seed=7)
    assert np.array_equal(a.coef.toarray(), b.coef.toarray())
    assert np.array_equal(a.intercept, b.intercept)


def test_worker_processes_fit_the_same_model_as_one_process():
    texts, labels = corpus(20)
    one = TextModel.train(texts, labels, n_jobs=1, calibrate=False)
    two = TextModel.train(texts, labels, n_jobs=2, calibrate=False)
    assert one.labels == two.labels
    assert np.allclose(one.coef.toarray(), two.coef.toarray())


def test_one_report_at_a_time_scores_like_a_batch_and_survives_save_and_load(tmp_path):
    texts, labels = corpus(20)
    model = TextModel.train(texts, labels)
    batch = model.proba(list(CLEAR))
    one_by_one = np.vstack([model.proba([t]) for t in CLEAR])
    assert np.allclose(batch, one_by_one, atol=1e-6)
    assert np.allclose(batch.sum(axis=1), 1.0)
    model.save(tmp_path / "m.npz")
    loaded = TextModel.load(tmp_path / "m.npz")
    assert np.allclose(loaded.proba(list(CLEAR)), batch, atol=1e-6)
    assert loaded.metrics["holdout_n"] > 0


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀 🙏", "https://example.org/a?b=c"])
def test_text_without_any_known_feature_gets_flat_probabilities(text):
    texts, labels = corpus(20)
    model = TextModel.train(texts, labels)
    p = model.proba([text])[0]
    assert np.allclose(p, 1 / len(model.labels))


def test_a_text_in_another_language_is_less_certain_than_a_clear_complaint():
    texts, labels = corpus(20)
    model = TextModel.train(texts, labels)
    english, clear = model.proba(["The road in front of my house is broken", next(iter(CLEAR))])
    assert english.max() < clear.max()


# --- calibration ------------------------------------------------------------------------------


def overconfident_scores(n: int = 400, labels: int = 6, right: float = 0.6, seed: int = 0):
    """Scores whose top label is right `right` of the time though it always wins by far."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(0, 0.1, (n, labels))
    best = rng.integers(0, labels, n)
    scores[np.arange(n), best] += 5.0
    truth = np.where(rng.random(n) < right, best, (best + 1) % labels)
    return scores, truth


def test_calibration_makes_an_overconfident_model_say_how_often_it_is_right():
    scores, truth = overconfident_scores()
    raw = Calibration().apply(scores)
    assert raw.max(axis=1).mean() > 0.95
    fitted = Calibration.fit([(scores, truth)])
    p = fitted.apply(scores)
    assert abs(p.max(axis=1).mean() - 0.6) < 0.05
    assert expected_calibration_error(p, truth) < expected_calibration_error(raw, truth) / 4
    assert np.array_equal(np.argsort(-p, axis=1), np.argsort(-raw, axis=1))  # same ranking
    assert (p.sum(axis=1) <= 1 + 1e-6).all()


def test_calibration_never_lifts_another_label_above_the_top_one():
    calibration = Calibration(temperature=1.0, slope=1.0, offset=-4.0)  # lowers every top label
    scores = np.array([[2.0, 1.9, 0.0, -1.0], [0.3, 0.2, 0.1, 0.0]])
    p = calibration.apply(scores)
    assert (p.argmax(axis=1) == 0).all()
    assert np.array_equal(np.argsort(-p, axis=1), np.argsort(-scores, axis=1))


def test_a_model_file_from_before_the_calibration_curve_still_loads(tmp_path):
    texts, labels = corpus(20)
    model = TextModel.train(texts, labels)
    path = tmp_path / "m.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["params"] = arrays["params"][:2]  # temperature and name weight only
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **arrays)
    loaded = TextModel.load(old)
    assert loaded.calibration == Calibration(model.temperature)
    assert top(loaded, next(iter(CLEAR))) == "PLN"


@pytest.mark.parametrize("params", [[0.2, 1.0, -1.0, 0.0], [0.0, 1.0], [0.2, 1.0, 1.0]])
def test_a_model_file_with_unusable_calibration_is_refused(tmp_path, params):
    texts, labels = corpus(20)
    path = tmp_path / "m.npz"
    TextModel.train(texts, labels).save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["params"] = np.array(params)
    np.savez_compressed(path, **arrays)
    with pytest.raises(ValueError):
        TextModel.load(path)

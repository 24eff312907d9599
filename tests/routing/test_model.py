"""The text classifier itself (`lapor.routing.model.TextModel`): no database needed."""

import random

import numpy as np
import pytest

from lapor.routing.model import TextModel

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

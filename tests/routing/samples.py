"""Complaint texts shared by the routing tests of the pages and of the browser story."""

KTP_TITLE = "KTP dan KK belum jadi"
KTP_BODY = (
    "Sudah tiga bulan saya menunggu KTP elektronik dan Kartu Keluarga di Kota Semarang. "
    "Setiap kali datang ke kantor kelurahan Tembalang jawabannya blangko habis, padahal "
    "anak saya butuh KK untuk mendaftar sekolah."
)
PARAPHRASE_TITLE = "KTP-el dan Kartu Keluarga tak kunjung selesai"
PARAPHRASE_BODY = (
    "Saya mengurus KTP elektronik dan KK di Kota Semarang sejak tiga bulan lalu namun belum "
    "jadi sampai sekarang. Petugas kelurahan Tembalang selalu bilang blangko habis."
)

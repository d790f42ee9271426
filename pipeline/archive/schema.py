"""The archive's schema as forward migrations; `PRAGMA user_version` is the step reached.

Append a step to MIGRATIONS to change the schema; never edit a step that has shipped: an
office's archive at version n runs steps n+1.. on its next open. The tables are a public
interface (README, "Arsip"): other tools may read them.
"""

from __future__ import annotations

# Each entry: the SQL of one step (run inside one transaction with the version bump).
MIGRATIONS: tuple[str, ...] = (
    # 1: submissions, facts, report runs with their result rows, targets, Renstra.
    """
    CREATE TABLE kiriman (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        berkas TEXT NOT NULL,
        ukuran INTEGER NOT NULL,
        tahun INTEGER,
        triwulan INTEGER,
        jabatan TEXT NOT NULL DEFAULT '',
        diubah TEXT,
        diterima TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('terbaca', 'ditolak'))
    );
    CREATE TABLE fakta (
        kiriman_id INTEGER NOT NULL REFERENCES kiriman(id),
        tahun INTEGER NOT NULL,
        triwulan INTEGER NOT NULL,
        jabatan_id TEXT NOT NULL,
        indikator_id TEXT NOT NULL,
        variabel_id TEXT NOT NULL,
        wilayah TEXT NOT NULL,
        nilai REAL,
        lembar TEXT NOT NULL DEFAULT '',
        sel TEXT NOT NULL DEFAULT '',
        dibaca TEXT NOT NULL,
        PRIMARY KEY (kiriman_id, tahun, triwulan, indikator_id, variabel_id, wilayah)
    );
    CREATE INDEX fakta_kunci ON fakta (tahun, triwulan, indikator_id, variabel_id, wilayah);
    CREATE TABLE laporan (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        dibuat TEXT NOT NULL,
        tahun INTEGER NOT NULL,
        triwulan INTEGER NOT NULL CHECK (triwulan BETWEEN 1 AND 4),
        draf INTEGER NOT NULL CHECK (draf IN (0, 1)),
        sumber TEXT NOT NULL CHECK (sumber IN ('laporan', 'impor_csv', 'impor_workbook')),
        berkas TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL DEFAULT '',
        sidik_masukan TEXT NOT NULL,
        sidik_katalog TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX laporan_tahun ON laporan (tahun, draf, triwulan, dibuat);
    CREATE TABLE laporan_kiriman (
        laporan_id INTEGER NOT NULL REFERENCES laporan(id),
        kiriman_id INTEGER NOT NULL REFERENCES kiriman(id),
        PRIMARY KEY (laporan_id, kiriman_id)
    );
    CREATE TABLE hasil (
        laporan_id INTEGER NOT NULL REFERENCES laporan(id),
        tahun INTEGER NOT NULL,
        triwulan INTEGER NOT NULL,
        jabatan_id TEXT NOT NULL,
        jabatan TEXT NOT NULL,
        indikator_id TEXT NOT NULL,
        indikator TEXT NOT NULL,
        satuan TEXT NOT NULL,
        target REAL,
        realisasi REAL,
        realisasi_triwulan REAL,
        capaian REAL,
        predikat TEXT,
        status TEXT NOT NULL,
        catatan TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (laporan_id, indikator_id, triwulan)
    );
    CREATE TABLE target (
        tahun INTEGER NOT NULL,
        indikator_id TEXT NOT NULL,
        tahunan REAL NOT NULL,
        tw1 REAL, tw2 REAL, tw3 REAL, tw4 REAL,
        sumber TEXT NOT NULL,
        dicatat TEXT NOT NULL,
        PRIMARY KEY (tahun, indikator_id)
    );
    CREATE TABLE target_renstra (
        awal INTEGER NOT NULL,
        akhir INTEGER NOT NULL,
        indikator_id TEXT NOT NULL,
        tahun INTEGER NOT NULL,
        target REAL,
        jenis TEXT NOT NULL CHECK (jenis IN ('kondisi_awal', 'tahunan')),
        sumber TEXT NOT NULL,
        dicatat TEXT NOT NULL,
        PRIMARY KEY (awal, akhir, indikator_id, tahun, jenis)
    );
    """,
    # 2: result rows per area (`wilayah`: "*" = the regency, else a kecamatan code).
    # SQLite cannot change a primary key in place: the table is rebuilt, rows kept as "*".
    """
    CREATE TABLE hasil_baru (
        laporan_id INTEGER NOT NULL REFERENCES laporan(id),
        tahun INTEGER NOT NULL,
        triwulan INTEGER NOT NULL,
        jabatan_id TEXT NOT NULL,
        jabatan TEXT NOT NULL,
        indikator_id TEXT NOT NULL,
        indikator TEXT NOT NULL,
        satuan TEXT NOT NULL,
        target REAL,
        realisasi REAL,
        realisasi_triwulan REAL,
        capaian REAL,
        predikat TEXT,
        status TEXT NOT NULL,
        catatan TEXT NOT NULL DEFAULT '',
        wilayah TEXT NOT NULL DEFAULT '*',
        PRIMARY KEY (laporan_id, indikator_id, triwulan, wilayah)
    );
    INSERT INTO hasil_baru (laporan_id, tahun, triwulan, jabatan_id, jabatan, indikator_id,
        indikator, satuan, target, realisasi, realisasi_triwulan, capaian, predikat, status,
        catatan)
    SELECT laporan_id, tahun, triwulan, jabatan_id, jabatan, indikator_id, indikator, satuan,
        target, realisasi, realisasi_triwulan, capaian, predikat, status, catatan FROM hasil;
    DROP TABLE hasil;
    ALTER TABLE hasil_baru RENAME TO hasil;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

"""Write the binary files of the held-out dataset tests/data/heldout/delivery/, byte for byte
the same on every run: the workbooks (.xlsx, and the .ods through pandas + odfpy), a .pdf, a
.docx, a .png, an Excel lock file and a Windows thumbnail cache.

The text files of the dataset (CSV, JSON, README.txt) are written by hand and committed as
they are; tests/data/heldout/EXPECTED.md says what a careful person decides for each file.
Run: .venv/bin/python tools/make_delivered.py
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from synergy.outputs.xlsx import FIXED_TIME, deterministic_zip, write_frames_bytes

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout" / "delivery"


def frame(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows[1:], columns=rows[0])


# ------------------------------------------------------------------------ lead partner (Tirol)

REGIONS = [
    ["NUTS-Code", "Region", "Land", "Kategorie", "Andere Namen", "Ansprechpartner"],
    ["AT33", "Tirol", "AT", "stärker entwickelt", "Tyrol; Tirolo", "Standortagentur Tirol"],
    ["ITH5", "Emilia-Romagna", "IT", "stärker entwickelt", "Emilia Romagna; Émilie-Romagne",
     "ART-ER"],
    ["FRK", "Auvergne-Rhône-Alpes", "FR", "stärker entwickelt",
     "AURA; Region Auvergne-Rhône-Alpes", "AD Auvergne-Rhône-Alpes"],
    ["ES21", "País Vasco", "ES", "stärker entwickelt",
     "Euskadi; Basque Country; Baskenland; Comunidad Autónoma del País Vasco", "SPRI"],
    ["PL91", "Warszawski stołeczny", "PL", "stärker entwickelt",
     "Warszawa; Warsaw Capital Region; Region Warszawski Stołeczny", "MJWPU"],
]  # fmt: skip
NOTES = [
    ["Hinweis"],
    ["Regionen nach NUTS 2024; Frankreich auf NUTS-1-Ebene (neue Regionen seit 2016)."],
    ["Masowien: nur die Hauptstadtregion Warszawski stołeczny (PL91) ist Projektpartner."],
]

PRIORITIES_TIROL = [
    ["Priorität", "Titel", "Kurzbeschreibung", "Sprache"],
    ["T1", "Life Sciences und Gesundheit",
     "Medizintechnik, Biotechnologie und Gesundheitsversorgung im Alpenraum.", "de"],
    ["T2", "Mechatronik und Produktion",
     "Automatisierung, Robotik und Präzisionsfertigung für die Industrie.", "de"],
    ["T3", "Erneuerbare Energien und Wasserstoff",
     "Wasserkraft, Energieeffizienz und grüner Wasserstoff für den Schwerverkehr.", "de"],
    ["T4", "Informationstechnologien", "Software, Daten und künstliche Intelligenz für KMU.",
     "de"],
    ["T5", "Nachhaltiger Tourismus",
     "Ganzjahrestourismus, sanfte Mobilität im Tal und Gesundheitstourismus.", "de"],
]  # fmt: skip
CLUSTERS_TIROL = [
    ["Cluster", "Name", "Region", "Bereiche", "Mitglieder", "Web"],
    ["CL-LS", "Cluster Life Sciences Tirol", "AT332", "Medizintechnik; Pharma", 92,
     "https://www.standort-tirol.at/cluster/life-sciences"],
    ["CL-MT", "Cluster Mechatronik Tirol", "AT335", "Mechatronik; Automatisierung", 118,
     "https://www.standort-tirol.at/cluster/mechatronik"],
    ["CL-EE", "Cluster Erneuerbare Energien Tirol", "AT332", "Energie; Wasserstoff", 105,
     "https://www.standort-tirol.at/cluster/erneuerbare-energien"],
    ["CL-IT", "Cluster Informationstechnologien Tirol", "AT332",
     "Software; Informationstechnologie", 87,
     "https://www.standort-tirol.at/cluster/informationstechnologien"],
]  # fmt: skip
ACTORS_TIROL = [
    ["Akteur", "Name", "Region", "Art", "Größe", "ÖNACE", "Cluster", "Rollen", "Bemerkung"],
    ["T-001", "Medizinische Universität Innsbruck", "AT332", "Universität", "groß", "P85.4",
     "CL-LS", "", ""],
    ["T-002", "MED-EL Elektromedizinische Geräte GmbH", "AT332", "Unternehmen", "groß",
     "C26.6", "CL-LS", "", "Mitglied seit 2011"],
    ["T-003", "Sandoz GmbH (Kundl)", "AT335", "Unternehmen", "groß", "C21.2", "CL-LS", "", ""],
    ["T-004", "MCI | Die Unternehmerische Hochschule", "AT332", "Hochschule", "mittel",
     "P85.4", "CL-MT; CL-EE", "h2-schwerverkehr:elektrolyse", ""],
    ["T-005", "Plansee SE", "AT331", "Unternehmen", "groß", "C24.4", "CL-MT",
     "e-antrieb:motor", ""],
    ["T-006", "TIWAG-Tiroler Wasserkraft AG", "AT332", "Unternehmen", "groß", "D35.1",
     "CL-EE", "h2-schwerverkehr:strom", ""],
    ["T-007", "MPREIS Warenvertriebs GmbH", "AT332", "Unternehmen", "groß", "G47.1", "CL-EE",
     "h2-schwerverkehr:elektrolyse; h2-schwerverkehr:speicher", "Elektrolyseur in Völs"],
    ["T-008", "Binderholz GmbH", "AT335", "Unternehmen", "groß", "C16.1", "",
     "holz-hybrid:saege; holz-hybrid:clt", ""],
    ["T-009", "INNIO Jenbacher GmbH & Co OG", "AT335", "Unternehmen", "groß", "C28.1",
     "CL-EE; CL-MT", "", ""],
    ["T-010", "Fronius International GmbH", "AT312", "Unternehmen", "groß", "C27.9", "CL-EE",
     "h2-schwerverkehr:elektrolyse", "Partner aus Oberösterreich"],
]  # fmt: skip
PROGRAMMES_TIROL = [
    ["Programm", "Bezeichnung", "Budget", "Bereiche", "Förderart", "min. TRL", "max. TRL",
     "Zielgruppe", "Frist"],
    ["TW-01", "Tiroler Innovationsförderung – F&E-Projekte", "4.500.000 €",
     "Mechatronik; Life Sciences; Informationstechnologie", "Zuschuss", 3, 7,
     "Unternehmen; Forschungseinrichtung", "30.09.2025"],
    ["TW-02", "Wasserstoff-Offensive Tirol", "2,5 Mio €", "Wasserstoff; Energie; Mobilität",
     "Zuschuss", 5, 8, "Unternehmen", "31.12.2025"],
    ["TW-03", "K-Regio Kooperationsprojekte", 6000000, "Holzbau; Energieeffizienz; Gesundheit",
     "Zuschuss", 4, 7, "Unternehmen; Universität", "15.05.2025"],
]  # fmt: skip
LEGEND_TIROL = [
    ["Spalte", "Bedeutung"],
    ["Akteur", "interne Kennung der Standortagentur"],
    ["Region", "Bezirk als NUTS-3-Code"],
    ["Rollen", "Stufe in den Pilotketten (Kette:Stufe), illustrativ"],
]

# ------------------------------------------------------------------------ Euskadi, Mazowsze

CLUSTERS_EUSKADI = [
    ["Clúster", "Nombre", "Prioridades RIS3", "Socios", "Web"],
    ["AFM", "AFM Cluster – Advanced Manufacturing Technologies", "EUS-P1", 180,
     "https://www.afm.es"],
    ["ACICAE", "ACICAE – Cluster de Automoción de Euskadi", "EUS-P1", 300,
     "https://www.acicae.es"],
    ["ENERGIA", "Cluster de Energía del País Vasco", "EUS-P2", 180,
     "https://www.clusterenergia.com"],
    ["HEGAN", "HEGAN – Basque Aerospace Cluster", "EUS-P1", 60, "https://www.hegan.com"],
    ["GAIA", "GAIA – Cluster de Tecnologías Electrónicas e Informáticas", "EUS-P1; EUS-P3",
     280, "https://www.gaia.es"],
]  # fmt: skip
# Fictional (plausible) organisations: MZ-006, MZ-007, MZ-008, MZ-009, and the cluster
# KTW-MAZ of klastry.csv; the others are real, their chain roles illustrative.
ACTORS_MAZOWSZE = [
    ["Kod podmiotu", "Nazwa podmiotu", "Podregion", "Typ podmiotu", "Wielkość", "PKD",
     "Klaster", "Ogniwa łańcucha"],
    ["MZ-001", "Politechnika Warszawska", "PL911", "uczelnia", "duże", "85.42.Z", "MKICT", ""],
    ["MZ-002", "Instytut Energetyki – Państwowy Instytut Badawczy", "PL911",
     "instytut badawczy", "duże", "72.19.Z", "KTW-MAZ", "h2-schwerverkehr:elektrolyse"],
    ["MZ-003", "Solaris Bus & Coach sp. z o.o.", "PL418", "przedsiębiorstwo", "duże",
     "29.10.B", "", "h2-schwerverkehr:fahrzeug"],
    ["MZ-004", "Samsung R&D Institute Poland sp. z o.o.", "PL911", "przedsiębiorstwo", "duże",
     "72.19.Z", "MKICT", ""],
    ["MZ-005", "Sieć Badawcza Łukasiewicz – Instytut Mikroelektroniki i Fotoniki", "PL127",
     "instytut badawczy", "średnie", "72.19.Z", "MKICT", "e-antrieb:leistungselektronik"],
    ["MZ-006", "Płockie Zakłady Tworzyw Sztucznych sp. z o.o.", "PL12", "przedsiębiorstwo",
     "średnie", "22.21.Z", "", ""],
    ["MZ-007", "Mazowieckie Centrum Wodorowe sp. z o.o.", "PL913", "przedsiębiorstwo",
     "małe", "35.11.Z", "KTW-MAZ", "h2-schwerverkehr:speicher"],
    ["MZ-008", "Warszawski Park Naukowo-Technologiczny", "PL912", "park technologiczny",
     "małe", "70.22.Z", "MKICT; KTW-MAZ", ""],
    ["MZ-009", "Zakład Stolarki Budowlanej Radom sp. z o.o.", "PL921", "przedsiębiorstwo",
     "małe", "16.23.Z", "", "holz-hybrid:montage"],
]  # fmt: skip

# ------------------------------------------------------------------------ Auvergne-Rhône-Alpes

PRIORITIES_ARA = [
    ["N°", "Domaine de spécialisation", "Description", "Langue"],
    ["DS1", "Industrie du futur et production industrielle",
     "Robotique, fabrication additive et procédés avancés.", "fr"],
    ["DS2", "Santé et sciences du vivant", "Dispositifs médicaux, biotechnologies et e-santé.",
     "fr"],
    ["DS3", "Énergie et hydrogène",
     "Électrolyseurs, piles à combustible et stockage de l'énergie.", "fr"],
    ["DS4", "Numérique et microélectronique",
     "Semi-conducteurs, logiciels embarqués et cybersécurité.", "fr"],
    ["DS5", "Mobilités intelligentes et durables",
     "Véhicules électriques et à hydrogène, transports collectifs.", "fr"],
]  # fmt: skip
CLUSTERS_ARA = [
    ["Pôle", "Nom", "Code NUTS", "Domaines", "Adhérents", "Site web"],
    ["MINALOGIC", "Minalogic – pôle de compétitivité des technologies du numérique", "FRK24",
     "numérique; microélectronique; photonique", 450, "https://www.minalogic.com"],
    ["AXELERA", "Axelera – pôle chimie et environnement", "FRK26",
     "chimie; environnement; économie circulaire", 400, "https://www.axelera.org"],
    ["TENERRDIS", "Tenerrdis – pôle de la transition énergétique", "FR714",
     "énergie; hydrogène", 250, "https://www.tenerrdis.fr"],
    ["CARA", "CARA – pôle des mobilités du futur", "FR716",
     "mobilité; véhicule électrique; hydrogène", 230, "https://cara.eu"],
    ["LYONBIOPOLE", "Lyonbiopôle Auvergne-Rhône-Alpes – pôle santé", "FRK26",
     "santé; biotechnologies; dispositifs médicaux", 270, "https://www.lyonbiopole.com"],
]  # fmt: skip
ACTORS_ARA = [
    ["Acteur", "Raison sociale", "Code NUTS", "Catégorie", "Catégorie d'entreprise", "NAF",
     "Pôle", "Chaîne de valeur"],
    ["A01", "CEA-Leti", "FRK24", "recherche", "", "M72.1", "MINALOGIC",
     "e-antrieb:leistungselektronik"],
    ["A02", "STMicroelectronics (Crolles)", "FRK24", "entreprise", "GE", "C26.1", "MINALOGIC",
     "e-antrieb:leistungselektronik"],
    ["A03", "Soitec SA", "FRK24", "entreprise", "GE", "C26.1", "MINALOGIC", ""],
    ["A04", "McPhy Energy", "FRK23", "entreprise", "ETI", "C28.2", "TENERRDIS",
     "h2-schwerverkehr:elektrolyse"],
    ["A05", "Symbio", "FRK26", "entreprise", "ETI", "C27.9", "CARA; TENERRDIS",
     "h2-schwerverkehr:fahrzeug"],
    ["A06", "Renault Trucks SAS", "FR716", "entreprise", "GE", "C29.1", "CARA",
     "h2-schwerverkehr:fahrzeug; e-antrieb:integration"],
    ["A07", "Université Grenoble Alpes", "FR714", "université", "", "P85.4",
     "MINALOGIC; TENERRDIS", ""],
    ["A08", "IFP Energies nouvelles (Lyon)", "FRK26", "recherche", "", "M72.1",
     "AXELERA; TENERRDIS", "e-antrieb:batterie"],
]  # fmt: skip
PROGRAMMES_ARA = [
    ["Appel", "Intitulé", "Montant", "Domaines", "Type d'aide", "TRL de", "TRL à",
     "Bénéficiaires", "Clôture"],
    ["ARA-RD-2025", "Appel à projets R&D Booster 2025", "12 000 000 €",
     "numérique; santé; industrie du futur", "subvention", 4, 7, "entreprise; recherche",
     pd.Timestamp("2025-06-12")],
    ["ARA-H2-2025", "Appel à projets Hydrogène vert Auvergne-Rhône-Alpes", 8000000,
     "hydrogène; mobilité; énergie", "subvention", 5, 8, "entreprise; collectivité",
     pd.Timestamp("2025-09-30")],
]  # fmt: skip


# ------------------------------------------------------------------------ writers


def ods_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Return an .ods workbook (pandas + odfpy) with fixed zip timestamps.

    ODF wants the ``mimetype`` entry first and stored uncompressed, so the entries keep the
    compression odfpy chose; only their timestamps are fixed.
    """
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as writer:
        for name, df in sheets.items():
            df.to_excel(writer, sheet_name=name, index=False)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                data = _used_namespaces_only(data.decode("utf-8")).encode("utf-8")
            dst.writestr(entry, data)
    return out.getvalue()


def _used_namespaces_only(xml: str) -> str:
    """Return ``xml`` with the root declaring only the namespaces it uses, sorted.

    odfpy declares every namespace any element created so far in the process has used, so
    the same sheets give different bytes after, say, an .ods was read.
    """
    start = xml.index("<", xml.index("?>") + 2)
    end = xml.index(">", start)
    root = xml[start:end]
    decls = re.findall(r' xmlns:([\w-]+)="([^"]*)"', root)
    body = re.sub(r' xmlns:[\w-]+="[^"]*"', "", root) + xml[end:]
    used = sorted((p, ns) for p, ns in decls if re.search(rf"[<\s/]{p}:", body))
    head = re.sub(r' xmlns:[\w-]+="[^"]*"', "", root)
    name, _, attrs = head.partition(" ")
    declared = "".join(f' xmlns:{p}="{ns}"' for p, ns in used)
    return xml[:start] + name + declared + (" " + attrs if attrs else "") + xml[end:]


def pdf_bytes(lines: list[str]) -> bytes:
    """Return a one-page PDF showing ``lines`` (Helvetica, WinAnsi text)."""
    text = "BT /F1 12 Tf 56 780 Td 16 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for ln in lines
    )
    stream = text.encode("cp1252") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """Return a minimal Word document with one paragraph per item."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{p.replace("&", "&amp;").replace("<", "&lt;")}'
        "</w:t></w:r></w:p>"
        for p in paragraphs
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, xml.encode("utf-8"))
    return deterministic_zip(buf.getvalue())


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """Return a plain-colour PNG with a white band (a stand-in for a logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = []
    for y in range(height):
        colour = (255, 255, 255) if height // 3 <= y < height // 3 + 4 else rgb
        rows.append(b"\x00" + bytes(colour) * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def owner_file_bytes(user: str) -> bytes:
    """Return the 165-byte owner ('~$') file Excel leaves beside a workbook it has open."""
    name = user.encode("ascii")[:53]
    head = bytes([len(name)]) + name.ljust(53, b" ")
    wide = user.encode("utf-16-le")[:108]
    return (head + b"\x00\x00" + wide.ljust(110, b"\x00"))[:165]


def thumbs_db_bytes() -> bytes:
    """Return the first bytes of a Windows thumbnail cache (an OLE2 compound file)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def files() -> dict[str, bytes]:
    """Return every generated file of the dataset: relative path -> bytes."""
    tirol_book = "Tirol/Standortagentur_Lieferung_März2025.xlsx"
    return {
        "Partnerregionen.xlsx": write_frames_bytes(
            {"Regionen": frame(REGIONS), "Hinweise": frame(NOTES)}
        ),
        tirol_book: write_frames_bytes(
            {
                "Schwerpunkte": frame(PRIORITIES_TIROL),
                "Cluster": frame(CLUSTERS_TIROL),
                "Akteure": frame(ACTORS_TIROL),
                "Förderungen": frame(PROGRAMMES_TIROL),
                "Legende": frame(LEGEND_TIROL),
            }
        ),
        "Tirol/~$Standortagentur_Lieferung_März2025.xlsx": owner_file_bytes("Standortagentur"),
        "Tirol/Strategie_Tirol_2030_Kurzfassung.pdf": pdf_bytes(
            [
                "Tiroler Wirtschafts- und Innovationsstrategie 2030 - Kurzfassung",
                "Schwerpunkte: Life Sciences, Mechatronik, Energie und Wasserstoff,",
                "Informationstechnologien, nachhaltiger Tourismus.",
            ]
        ),
        "Euskadi/clusters_euskadi.xlsx": write_frames_bytes({"Hoja1": frame(CLUSTERS_EUSKADI)}),
        "Euskadi/Thumbs.db": thumbs_db_bytes(),
        "podmioty_RIS_Mazowsze.xlsx": write_frames_bytes({"Arkusz1": frame(ACTORS_MAZOWSZE)}),
        "Auvergne-Rhône-Alpes/ARA_ecosysteme_S3.ods": ods_bytes(
            {
                "Domaines de spécialisation": frame(PRIORITIES_ARA),
                "Pôles": frame(CLUSTERS_ARA),
                "Acteurs": frame(ACTORS_ARA),
                "Appels": frame(PROGRAMMES_ARA),
            }
        ),
        "Emilia-Romagna/Logo_ART-ER.png": png_bytes(96, 32, (0, 84, 147)),
        "Protokoll_Kickoff_Innsbruck_2024-11.docx": docx_bytes(
            [
                "Protokoll Kick-off-Meeting, Innsbruck, 21.11.2024",
                "Teilnehmende: Standortagentur Tirol, ART-ER, AD Auvergne-Rhône-Alpes, SPRI, "
                "MJWPU.",
                "Vereinbart: drei Pilotketten (Wasserstoff im Schwerverkehr, elektrische "
                "Antriebe, Holz-Hybridbau); Datenlieferung bis Ende Februar 2025.",
            ]
        ),
    }


def main() -> None:
    for rel, data in files().items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {len(data):>6} bytes  {rel}")


if __name__ == "__main__":
    main()

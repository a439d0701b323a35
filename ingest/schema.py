"""The canonical tables of the input contract, their column types and header aliases.

Headers are compared after :func:`normalise_header` (lowercase, accents dropped, any run of
spaces, dots, dashes or underscores as one ``_``), so ``Region ID``, ``region-id`` and
``REGION_ID`` are the same header. Aliases are resolved *per table*: in ``actors`` a
``Cluster`` column means ``cluster_ids``; in ``clusters`` it means ``name``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

__all__ = ["Column", "TableSpec", "TABLES", "TABLE_NAMES", "normalise_header", "table_for_name"]

# Column types: str, int, float, list (``;``-separated), enum (one of ``choices``), date.


@dataclass(frozen=True)
class Column:
    """One canonical column: its type, whether it is required, and its header aliases."""

    name: str
    type: str = "str"
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its columns, its key and the file/sheet names that hold it."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    file_names: tuple[str, ...] = field(default=())

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def alias_map(self) -> dict[str, str]:
        """Return normalised header -> canonical column name for this table."""
        return _alias_map(self)


@cache
def _alias_map(spec: TableSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in spec.columns:
        for a in (c.name, *c.aliases):
            out.setdefault(normalise_header(a), c.name)
    return out


def normalise_header(text: str) -> str:
    """Return a header in comparable form.

    >>> normalise_header("  Région ID ")
    'region_id'
    >>> normalise_header("Stage-Order")
    'stage_order'
    """
    t = unicodedata.normalize("NFKD", str(text).casefold()).encode("ascii", "ignore").decode()
    t = t.replace("\ufeff", "")
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_")


# Aliases shared by several tables ------------------------------------------------------------
_REGION_REF = (
    "region",
    "region id",
    "region code",
    "nuts",
    "nuts id",
    "nuts code",
    "nuts2",
    "nuts 2",
    "regions id",
    "regionscode",
    "bundesland",
    "land",
    "kanton",
    "canton",  # de
    "regione",
    "id regione",
    "codice regione",
    "codice nuts",
    "provincia",  # it
    "région",
    "id région",
    "code région",
    "code nuts",
    "canton",  # fr
    "regija",
    "id regije",
    "koda regije",
    "koda nuts",
    "pokrajina",  # sl
)
_NAME = (
    "name",
    "title",
    "label",
    "bezeichnung",
    "benennung",
    "nome",
    "denominazione",
    "nom",
    "intitulé",
    "ime",
    "naziv",
)
_DESCRIPTION = (
    "description",
    "summary",
    "details",
    "beschreibung",
    "kurzbeschreibung",
    "descrizione",
    "descrizione breve",
    "résumé",
    "opis",
    "povzetek",
)
_DOMAINS = (
    "domains",
    "domain",
    "domain ids",
    "thematic domains",
    "themes",
    "theme",
    "sectors",
    "sector",
    "bereich",
    "bereiche",
    "domäne",
    "domänen",
    "themenfeld",
    "themenfelder",
    "branche",
    "branchen",
    "sektor",
    "dominio",
    "domini",
    "ambito",
    "ambiti",
    "settore",
    "settori",
    "area tematica",
    "aree tematiche",
    "domaine",
    "domaines",
    "secteur",
    "secteurs",
    "thématique",
    "thématiques",
    "domena",
    "domene",
    "področje",
    "področja",
    "sektor",
    "sektorji",
)
_NACE = (
    "nace",
    "nace codes",
    "nace code",
    "nace rev 2",
    "nace2",
    "wz",
    "wz code",
    "wz 2008",
    "ateco",
    "codice ateco",
    "codici ateco",
    "naf",
    "code naf",
    "codes naf",
    "skd",
    "skd koda",
    "šifra dejavnosti",
    "dejavnost",
)
_KEYWORDS = (
    "keywords",
    "tags",
    "schlagwörter",
    "stichwörter",
    "schlüsselwörter",
    "parole chiave",
    "mots clés",
    "mots-clés",
    "ključne besede",
)
_CLUSTER_ID = (
    "cluster id",
    "cluster code",
    "cluster-id",
    "id cluster",
    "codice cluster",
    "identifiant cluster",
    "id grozda",
    "koda grozda",
    "cluster nr",
)
_PRIORITY_ID = (
    "priority id",
    "priority code",
    "priority",
    "s3 priority",
    "prioritäts id",
    "priorität id",
    "priorität",
    "id priorità",
    "codice priorità",
    "priorità",
    "id priorité",
    "code priorité",
    "priorité",
    "id prioritete",
    "prioriteta",
    "koda prioritete",
)

REGIONS = TableSpec(
    name="regions",
    key=("region_id",),
    file_names=("regions", "regionen", "regioni", "régions", "regije", "region"),
    columns=(
        Column(
            "region_id",
            required=True,
            aliases=(
                "id",
                "region id",
                "code",
                "nuts",
                "nuts id",
                "nuts code",
                "nuts2",
                "geo",
                "regions id",
                "regionscode",
                "id regione",
                "codice",
                "codice nuts",
                "id région",
                "code région",
                "code nuts",
                "id regije",
                "koda",
                "koda nuts",
            ),
        ),
        Column(
            "name",
            required=True,
            aliases=(
                "name",
                "region",
                "region name",
                "regionsname",
                "bundesland",
                "nome",
                "regione",
                "nome regione",
                "nom",
                "région",
                "nom région",
                "ime",
                "regija",
                "ime regije",
            ),
        ),
        Column(
            "country",
            aliases=(
                "country",
                "country code",
                "land",
                "staat",
                "paese",
                "nazione",
                "pays",
                "država",
                "drzava",
            ),
        ),
        Column(
            "development",
            type="enum",
            choices=("advanced", "transition", "less-developed"),
            aliases=(
                "development",
                "development level",
                "category",
                "region category",
                "entwicklung",
                "entwicklungsstand",
                "kategorie",
                "sviluppo",
                "livello di sviluppo",
                "categoria",
                "développement",
                "niveau de développement",
                "catégorie",
                "razvitost",
                "stopnja razvitosti",
                "kategorija",
            ),
        ),
        Column(
            "aliases",
            type="list",
            aliases=(
                "aliases",
                "alias",
                "other names",
                "alternative names",
                "synonyms",
                "andere namen",
                "alternativnamen",
                "altri nomi",
                "alias",
                "autres noms",
                "drugi nazivi",
                "druga imena",
                "sinonimi",
            ),
        ),
    ),
)

PRIORITIES = TableSpec(
    name="priorities",
    key=("region_id", "priority_id"),
    file_names=(
        "priorities",
        "prioritäten",
        "prioritaeten",
        "priorita",
        "priorità",
        "priorités",
        "priorites",
        "prioritete",
        "s3",
        "s3 priorities",
    ),
    columns=(
        Column("region_id", required=True, aliases=_REGION_REF),
        Column(
            "priority_id",
            required=True,
            aliases=(
                "id",
                "priority id",
                "priority code",
                "code",
                "nr",
                "no",
                "number",
                "prioritäts id",
                "priorität id",
                "nummer",
                "kennung",
                "id priorità",
                "codice priorità",
                "codice",
                "numero",
                "id priorité",
                "code priorité",
                "numéro",
                "id prioritete",
                "koda prioritete",
                "oznaka",
                "št",
                "številka",
            ),
        ),
        Column(
            "title",
            required=True,
            aliases=(
                "title",
                "name",
                "priority",
                "priority title",
                "s3 priority",
                "titel",
                "bezeichnung",
                "priorität",
                "schwerpunkt",
                "handlungsfeld",
                "titolo",
                "nome",
                "priorità",
                "area di specializzazione",
                "titre",
                "intitulé",
                "priorité",
                "domaine de spécialisation",
                "naslov",
                "naziv",
                "prioriteta",
                "prednostno področje",
            ),
        ),
        Column("description", aliases=_DESCRIPTION),
        Column("language", aliases=("language", "lang", "sprache", "lingua", "langue", "jezik")),
        Column("domains", type="list", aliases=_DOMAINS),
        Column("nace", type="list", aliases=_NACE),
        Column("keywords", type="list", aliases=_KEYWORDS),
    ),
)

CLUSTERS = TableSpec(
    name="clusters",
    key=("cluster_id",),
    file_names=(
        "clusters",
        "cluster",
        "cluster organisations",
        "clusterorganisationen",
        "distretti",
        "pôles",
        "poles",
        "grozdi",
    ),
    columns=(
        Column(
            "cluster_id",
            required=True,
            aliases=("id", *_CLUSTER_ID, "code", "codice", "kennung", "koda"),
        ),
        Column(
            "name",
            required=True,
            aliases=(
                *_NAME,
                "cluster",
                "cluster name",
                "clustername",
                "nome cluster",
                "nom du pôle",
                "pôle",
                "ime grozda",
                "grozd",
            ),
        ),
        Column("region_id", required=True, aliases=_REGION_REF),
        Column(
            "priority_ids",
            type="list",
            aliases=(
                "priority ids",
                "priorities",
                *_PRIORITY_ID,
                "prioritäten",
                "priorità s3",
                "priorités",
                "prioritete",
                "s3 priorities",
            ),
        ),
        Column("domains", type="list", aliases=_DOMAINS),
        Column("nace", type="list", aliases=_NACE),
        Column(
            "members",
            type="int",
            min=0,
            aliases=(
                "members",
                "member count",
                "number of members",
                "mitglieder",
                "anzahl mitglieder",
                "mitgliederzahl",
                "membri",
                "numero membri",
                "soci",
                "membres",
                "nombre de membres",
                "adhérents",
                "člani",
                "število članov",
            ),
        ),
        Column(
            "website",
            aliases=(
                "website",
                "web",
                "url",
                "homepage",
                "webseite",
                "sito",
                "sito web",
                "site",
                "site web",
                "spletna stran",
            ),
        ),
        Column("description", aliases=_DESCRIPTION),
    ),
)

ACTORS = TableSpec(
    name="actors",
    key=("actor_id",),
    file_names=(
        "actors",
        "akteure",
        "unternehmen",
        "firms",
        "companies",
        "organisations",
        "organizations",
        "attori",
        "aziende",
        "imprese",
        "acteurs",
        "entreprises",
        "akterji",
        "podjetja",
        "members",
        "mitglieder",
    ),
    columns=(
        Column(
            "actor_id",
            required=True,
            aliases=(
                "id",
                "actor id",
                "organisation id",
                "organization id",
                "firm id",
                "company id",
                "code",
                "akteur id",
                "firmen id",
                "unternehmens id",
                "id attore",
                "id azienda",
                "codice",
                "id acteur",
                "id entreprise",
                "id akterja",
                "id podjetja",
                "koda",
            ),
        ),
        Column(
            "name",
            required=True,
            aliases=(
                *_NAME,
                "actor",
                "organisation",
                "organization",
                "company",
                "firm",
                "company name",
                "legal name",
                "akteur",
                "unternehmen",
                "firma",
                "firmenname",
                "organisation name",
                "attore",
                "azienda",
                "impresa",
                "ragione sociale",
                "acteur",
                "entreprise",
                "raison sociale",
                "organisme",
                "akter",
                "podjetje",
                "organizacija",
                "naziv podjetja",
            ),
        ),
        Column("region_id", required=True, aliases=_REGION_REF),
        Column(
            "type",
            type="enum",
            choices=("firm", "research", "university", "public", "intermediary"),
            aliases=(
                "type",
                "actor type",
                "kind",
                "category",
                "typ",
                "art",
                "akteurstyp",
                "tipo",
                "tipologia",
                "categoria",
                "type d'acteur",
                "catégorie",
                "tip",
                "vrsta",
            ),
        ),
        Column(
            "size",
            type="enum",
            choices=("micro", "small", "medium", "large"),
            aliases=(
                "size",
                "size class",
                "company size",
                "größe",
                "groesse",
                "größenklasse",
                "dimensione",
                "classe dimensionale",
                "taille",
                "velikost",
            ),
        ),
        Column("nace", type="list", aliases=_NACE),
        Column(
            "cluster_ids",
            type="list",
            aliases=(
                "cluster ids",
                "clusters",
                "cluster",
                *_CLUSTER_ID,
                "cluster mitgliedschaft",
                "mitglied in",
                "distretto",
                "pôle",
                "pôles",
                "grozd",
                "grozdi",
            ),
        ),
        Column(
            "roles",
            type="list",
            aliases=(
                "roles",
                "role",
                "value chain roles",
                "chain roles",
                "stages",
                "rollen",
                "wertschöpfungskette",
                "wertschöpfungsstufe",
                "stufen",
                "ruoli",
                "ruolo",
                "fasi",
                "filiera",
                "rôles",
                "rôle",
                "chaîne de valeur",
                "étapes",
                "vloge",
                "vloga",
                "verižne vloge",
                "faze",
            ),
        ),
    ),
)

VALUE_CHAINS = TableSpec(
    name="value_chains",
    key=("chain_id", "stage_id"),
    file_names=(
        "value_chains",
        "value chains",
        "valuechains",
        "chains",
        "stages",
        "wertschöpfungsketten",
        "catene del valore",
        "filiere",
        "chaînes de valeur",
        "verige vrednosti",
    ),
    columns=(
        Column(
            "chain_id",
            required=True,
            aliases=(
                "chain",
                "chain id",
                "value chain",
                "value chain id",
                "kette",
                "ketten id",
                "wertschöpfungskette",
                "catena",
                "id catena",
                "filiera",
                "chaîne",
                "id chaîne",
                "veriga",
                "id verige",
            ),
        ),
        Column(
            "stage_id",
            required=True,
            aliases=(
                "stage",
                "stage id",
                "step",
                "stufe",
                "stufen id",
                "fase",
                "id fase",
                "étape",
                "id étape",
                "faza",
                "id faze",
            ),
        ),
        Column(
            "stage_order",
            type="int",
            required=True,
            min=0,
            aliases=(
                "order",
                "stage order",
                "position",
                "rank",
                "reihenfolge",
                "ordnung",
                "position",
                "ordine",
                "posizione",
                "ordre",
                "rang",
                "vrstni red",
                "zaporedje",
            ),
        ),
        Column(
            "stage_name",
            aliases=(
                "stage name",
                "stage label",
                "stufenname",
                "bezeichnung stufe",
                "nome fase",
                "nom étape",
                "nom de l'étape",
                "ime faze",
                "naziv faze",
            ),
        ),
        Column(
            "chain_name",
            aliases=(
                "chain name",
                "value chain name",
                "kettenname",
                "name der kette",
                "nome catena",
                "nome filiera",
                "nom chaîne",
                "nom de la chaîne",
                "ime verige",
                "naziv verige",
            ),
        ),
        Column("domains", type="list", aliases=_DOMAINS),
        Column(
            "pilot_field",
            aliases=(
                "pilot field",
                "field",
                "pilotfeld",
                "handlungsfeld pilot",
                "campo pilota",
                "ambito pilota",
                "champ pilote",
                "domaine pilote",
                "pilotno področje",
            ),
        ),
    ),
)

PROGRAMMES = TableSpec(
    name="programmes",
    key=("programme_id",),
    file_names=(
        "programmes",
        "programs",
        "programme",
        "funding",
        "calls",
        "förderprogramme",
        "foerderprogramme",
        "programmi",
        "bandi",
        "programmes de financement",
        "programi",
        "razpisi",
    ),
    columns=(
        Column(
            "programme_id",
            required=True,
            aliases=(
                "id",
                "programme id",
                "program id",
                "code",
                "programm id",
                "förderprogramm id",
                "id programma",
                "codice bando",
                "id programme",
                "id programa",
                "koda",
            ),
        ),
        Column("region_id", required=True, aliases=_REGION_REF),
        Column(
            "name",
            required=True,
            aliases=(
                *_NAME,
                "programme",
                "program",
                "programme name",
                "programm",
                "förderprogramm",
                "programma",
                "bando",
                "programme de financement",
                "program",
                "razpis",
            ),
        ),
        Column(
            "budget_eur",
            type="float",
            min=0,
            aliases=(
                "budget",
                "budget eur",
                "budget (eur)",
                "budget €",
                "amount",
                "volume",
                "budget in eur",
                "fördervolumen",
                "mittel",
                "dotazione",
                "dotazione finanziaria",
                "importo",
                "montant",
                "enveloppe",
                "proračun",
                "sredstva",
            ),
        ),
        Column("domains", type="list", aliases=_DOMAINS),
        Column(
            "instrument",
            aliases=(
                "instrument",
                "type",
                "funding type",
                "förderart",
                "instrumento",
                "strumento",
                "tipo di finanziamento",
                "type d'aide",
                "vrsta pomoči",
            ),
        ),
        Column(
            "trl_min",
            type="int",
            min=1,
            max=9,
            aliases=(
                "trl min",
                "min trl",
                "trl from",
                "trl von",
                "trl minimo",
                "trl da",
                "trl minimum",
                "trl de",
                "trl od",
            ),
        ),
        Column(
            "trl_max",
            type="int",
            min=1,
            max=9,
            aliases=(
                "trl max",
                "max trl",
                "trl to",
                "trl bis",
                "trl massimo",
                "trl a",
                "trl maximum",
                "trl à",
                "trl do",
            ),
        ),
        Column(
            "beneficiaries",
            type="list",
            aliases=(
                "beneficiaries",
                "eligible",
                "eligible beneficiaries",
                "target group",
                "antragsberechtigte",
                "zielgruppe",
                "beneficiari",
                "destinatari",
                "bénéficiaires",
                "upravičenci",
                "ciljna skupina",
            ),
        ),
        Column(
            "opens",
            type="date",
            aliases=(
                "opens",
                "open",
                "opening",
                "start",
                "start date",
                "beginn",
                "öffnung",
                "apertura",
                "data apertura",
                "ouverture",
                "date d'ouverture",
                "odprtje",
                "začetek",
            ),
        ),
        Column(
            "closes",
            type="date",
            aliases=(
                "closes",
                "close",
                "closing",
                "deadline",
                "end",
                "end date",
                "frist",
                "einreichfrist",
                "ende",
                "scadenza",
                "chiusura",
                "data chiusura",
                "clôture",
                "date limite",
                "rok",
                "zaprtje",
            ),
        ),
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t for t in (REGIONS, PRIORITIES, CLUSTERS, ACTORS, VALUE_CHAINS, PROGRAMMES)
}
TABLE_NAMES = tuple(TABLES)

_FILE_NAME_INDEX = {
    normalise_header(n): t.name for t in TABLES.values() for n in (t.name, *t.file_names)
}


def table_for_name(stem: str) -> str | None:
    """Return the canonical table a file stem or sheet name stands for, or ``None``.

    >>> table_for_name("Priorités")
    'priorities'
    >>> table_for_name("value-chains")
    'value_chains'
    """
    return _FILE_NAME_INDEX.get(normalise_header(stem))

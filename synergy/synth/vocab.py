"""Return-free vocabulary of the synthetic dataset generator: words in seven languages.

Domain labels and terms are the phrases priorities, clusters and programmes are built from, so
the taxonomy can map them back to the domain ids; value-chain templates, legal forms, name
parts and localised headers make the files look like a real multi-regional delivery.
Everything here is constant data (the domains' words and the value-chain templates in
``data/``);
:mod:`synergy.synth.dataset` draws from it with a seeded generator.
"""

from __future__ import annotations

import tomllib
from importlib import resources

__all__ = [
    "LANGS",
    "DOMAINS",
    "DOMAIN_IDS",
    "CHAIN_TEMPLATES",
    "COUNTRY_LANG",
    "LEGAL_FORMS",
    "LEGAL_VARIANTS",
    "SECTOR_WORDS",
    "ORG_PATTERNS",
    "TITLE_PATTERNS",
    "DESCRIPTION_PATTERNS",
    "CLUSTER_PATTERNS",
    "PROGRAMME_PATTERNS",
    "INSTRUMENTS",
    "REGION_ALIASES",
    "LOCAL_HEADERS",
    "LOCAL_FILES",
    "LOCAL_ENUMS",
    "EU_COUNTRIES",
    "ALPINE_REGIONS",
    "DEVELOPMENT_BY_COUNTRY",
    "REGION_LANG",
]

LANGS = ("en", "de", "it", "fr", "sl", "es", "pl")


def _load_domains() -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Return domain id -> (NACE Rev.2 divisions, {lang: "label|term"}) from domains.toml."""
    text = resources.files("synergy.synth").joinpath("data", "domains.toml").read_text("utf-8")
    return {
        d: (tuple(v["nace"]), {lang: t for lang, t in v.items() if lang != "nace"})
        for d, v in tomllib.loads(text).items()
    }


# domain id -> (NACE Rev.2 divisions, {lang: "label|term"}); es/pl carry a label only.
DOMAINS = _load_domains()
DOMAIN_IDS = tuple(DOMAINS)


def _load_chains() -> tuple[tuple[str, str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...]:
    """Return (chain id, name, stages (stage id, stage name, domain ids)) from chains.toml."""
    text = resources.files("synergy.synth").joinpath("data", "chains.toml").read_text("utf-8")
    return tuple(
        (c["id"], c["name"], tuple((sid, name, tuple(doms)) for sid, name, doms in c["stages"]))
        for c in tomllib.loads(text)["chain"]
    )


# chain id, name, stages (stage id, stage name, domain ids), upstream first.
CHAIN_TEMPLATES = _load_chains()

# fmt: off
EU_COUNTRIES = (
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)
# The 11 regions of the Interreg Alpine Space project come first, so small datasets are familiar.
ALPINE_REGIONS = (
    "ITC1", "ITC4", "ITH2", "ITH3", "SI04", "AT31", "AT32", "DE21", "DE11", "FRC2", "CH02",
)
COUNTRY_LANG = {
    "AT": "de", "DE": "de", "LI": "de", "CH": "de", "IT": "it", "FR": "fr", "LU": "fr", "SI": "sl",
    "ES": "es", "PL": "pl",
}
REGION_LANG = {
    "CH01": "fr", "CH07": "it", "BE10": "fr", "BE31": "fr", "BE32": "fr", "BE33": "fr",
    "BE34": "fr", "BE35": "fr",
}
DEVELOPMENT_BY_COUNTRY = {
    "advanced": ("AT", "BE", "CH", "DE", "DK", "FI", "IE", "LU", "NL", "SE"),
    "less-developed": ("BG", "EL", "HR", "HU", "LV", "PL", "RO", "SK"),
}
REGION_ALIASES = {
    "ITC1": "Piedmont;Piemont;Piémont", "ITC4": "Lombardy;Lombardei;Lombardie;Lombardija",
    "ITH1": "South Tyrol;Südtirol;Alto Adige", "ITH2": "Trento;Trentino;Trient",
    "ITH3": "Venetia;Venetien;Vénétie;Benečija",
    "ITH4": "Friaul-Julisch Venetien;Frioul-Vénétie julienne;Furlanija - Julijska krajina",
    "SI03": "Eastern Slovenia;Ostslowenien;Slovenia orientale;Slovénie orientale",
    "SI04": "Western Slovenia;Westslowenien;Slovenia occidentale;Slovénie occidentale",
    "AT31": "Upper Austria;Alta Austria;Haute-Autriche;Zgornja Avstrija",
    "AT32": "Salisburgo;Salzbourg;Salzburško", "AT33": "Tyrol;Tirolo;Tirolska",
    "DE21": "Upper Bavaria;Bavaria;Bayern;Baviera;Bavière;Bavarska",
    "DE11": "Baden-Württemberg;Baden-Wuerttemberg;Stoccarda",
    "FRC2": "Freigrafschaft Burgund;Franca Contea", "CH02": "Fribourg;Freiburg;Friburgo",
    "CH07": "Tessin", "CH01": "Lake Geneva Region;Genferseeregion", "FRK2": "Rodano-Alpi",
    "DE30": "Berlino", "ES30": "Madrid;Community of Madrid", "PL91": "Warsaw;Warszawa",
    "EL30": "Attica;Attika", "BG41": "Yugozapaden;South-West Bulgaria",
}
LEGAL_FORMS = {
    "AT": ("GmbH", "GmbH", "AG"), "DE": ("GmbH", "GmbH", "AG", "GmbH & Co. KG"),
    "CH": ("AG", "GmbH", "SA"), "IT": ("S.r.l.", "S.r.l.", "S.p.A."), "FR": ("SAS", "SARL", "SA"),
    "SI": ("d.o.o.",), "HR": ("d.o.o.",), "ES": ("S.L.", "S.A."), "PL": ("sp. z o.o.", "S.A."),
    "NL": ("B.V.",), "BE": ("SRL", "SA"), "LU": ("S.à r.l.", "SA"), "DK": ("A/S", "ApS"),
    "SE": ("AB",), "FI": ("Oy",), "CZ": ("s.r.o.",), "SK": ("s.r.o.",), "HU": ("Kft.",),
    "RO": ("S.R.L.",), "BG": ("EOOD", "OOD"), "EL": ("S.A.", "IKE"), "PT": ("Lda",),
    "LT": ("UAB",), "LV": ("SIA",), "EE": ("OÜ",),
}
# How people actually write the same legal form; "" drops it.
LEGAL_VARIANTS = {
    "GmbH": ("G.m.b.H.", "Gmbh", ""), "AG": ("A.G.", ""), "GmbH & Co. KG": ("GmbH & Co KG", ""),
    "S.r.l.": ("Srl", "S.R.L.", "s.r.l", ""), "S.p.A.": ("SpA", "S.P.A.", ""),
    "SAS": ("S.A.S.", "sas", ""), "SARL": ("S.A.R.L.", "Sarl", ""), "SA": ("S.A.", ""),
    "d.o.o.": ("doo", "D.O.O.", ""), "Ltd": ("Ltd.", "Limited", ""), "S.L.": ("SL", ""),
    "S.A.": ("SA", ""), "sp. z o.o.": ("Sp. z o.o.", "spółka z o.o.", ""), "B.V.": ("BV", ""),
}
SECTOR_WORDS = {
    "en": (
        "Engineering", "Systems", "Solutions", "Technologies", "Components", "Industries", "Foods",
        "Energy", "Logistics", "Software",
    ),
    "de": (
        "Technik", "Systeme", "Maschinenbau", "Anlagenbau", "Automation", "Elektronik",
        "Werkzeugbau", "Lebensmittel", "Energie", "Logistik",
    ),
    "it": (
        "Meccanica", "Sistemi", "Impianti", "Tecnologie", "Componenti", "Elettronica",
        "Alimentari", "Energia", "Logistica", "Software",
    ),
    "fr": (
        "Ingénierie", "Systèmes", "Technologies", "Industries", "Composants", "Mécanique",
        "Électronique", "Énergie", "Logistique", "Agro",
    ),
    "sl": (
        "Inženiring", "Sistemi", "Tehnologije", "Elektronika", "Strojegradnja", "Energija",
        "Logistika", "Avtomatika", "Orodjarna", "Informatika",
    ),
    "es": (
        "Ingeniería", "Sistemas", "Tecnologías", "Componentes", "Industrias", "Energía",
        "Logística", "Alimentación", "Automatización", "Software",
    ),
    "pl": (
        "Technika", "Systemy", "Technologie", "Elektronika", "Energia", "Logistyka", "Automatyka",
        "Komponenty", "Inżynieria", "Software",
    ),
}
# Names of non-firm actors, by type and language; {s} is the invented stem.
ORG_PATTERNS = {
    "research": {
        "en": "{s} Research Institute", "de": "Forschungsinstitut {s}",
        "it": "Centro di ricerca {s}", "fr": "Laboratoire {s}", "sl": "Raziskovalni inštitut {s}",
        "es": "Centro de investigación {s}", "pl": "Instytut Badawczy {s}",
    },
    "university": {
        "en": "University of {s}", "de": "Hochschule {s}", "it": "Università di {s}",
        "fr": "Université de {s}", "sl": "Univerza {s}", "es": "Universidad de {s}",
        "pl": "Uniwersytet {s}",
    },
    "public": {
        "en": "{s} Development Agency", "de": "Amt für Wirtschaft {s}",
        "it": "Agenzia regionale {s}", "fr": "Agence de développement {s}",
        "sl": "Razvojna agencija {s}", "es": "Agencia de desarrollo {s}",
        "pl": "Agencja Rozwoju {s}",
    },
    "intermediary": {
        "en": "{s} Innovation Network", "de": "Innovationsnetzwerk {s} e.V.",
        "it": "Associazione {s}", "fr": "Association {s}", "sl": "Združenje {s}",
        "es": "Asociación {s}", "pl": "Stowarzyszenie {s}",
    },
}
TITLE_PATTERNS = {
    "en": ("{a}", "{a} and {b}", "Innovation in {a}"),
    "de": ("{a}", "{a} und {b}", "Zukunftsfeld {a}"), "it": ("{a}", "{a} e {b}", "Ambito {a}"),
    "fr": ("{a}", "{a} et {b}", "Filière {a}"),
    "sl": ("{a}", "{a} in {b}", "Prednostno področje: {a}"),
    "es": ("{a}", "{a} y {b}", "Especialización: {a}"),
    "pl": ("{a}", "{a} oraz {b}", "Specjalizacja: {a}"),
}
DESCRIPTION_PATTERNS = {
    "en": (
        "Strengthening {a} and {b} through applied research, SME support and cluster cooperation."
    ),
    "de": (
        "Stärkung von {a} und {b} durch angewandte Forschung, KMU-Förderung und Clusterkooperation."
    ),
    "it": (
        "Rafforzare {a} e {b} attraverso ricerca applicata, sostegno alle PMI e "
        "cooperazione tra cluster."
    ),
    "fr": (
        "Renforcer {a} et {b} par la recherche appliquée, le soutien aux PME et la "
        "coopération entre pôles."
    ),
    "sl": (
        "Krepitev področij {a} in {b} z aplikativnimi raziskavami, podporo MSP in "
        "sodelovanjem grozdov."
    ),
    "es": (
        "Reforzar {a} y {b} mediante investigación aplicada, apoyo a las pymes y "
        "cooperación entre clústeres."
    ),
    "pl": (
        "Wzmacnianie obszarów {a} i {b} poprzez badania stosowane, wsparcie MŚP i "
        "współpracę klastrów."
    ),
}
CLUSTER_PATTERNS = {
    "en": "{r} {a} Cluster", "de": "Cluster {a} {r}", "it": "Distretto {a} {r}",
    "fr": "Pôle {a} {r}", "sl": "Grozd {a} {r}", "es": "Clúster {a} {r}", "pl": "Klaster {a} {r}",
}
PROGRAMME_PATTERNS = {
    "en": "Innovation programme {a}", "de": "Förderprogramm {a}", "it": "Bando {a}",
    "fr": "Appel à projets {a}", "sl": "Javni razpis {a}", "es": "Convocatoria {a}",
    "pl": "Program {a}",
}
INSTRUMENTS = {
    "en": ("grant", "loan", "innovation voucher"),
    "de": ("Zuschuss", "Darlehen", "Innovationsgutschein"),
    "it": ("contributo a fondo perduto", "finanziamento agevolato", "voucher"),
    "fr": ("subvention", "prêt", "chèque innovation"),
    "sl": ("nepovratna sredstva", "posojilo", "vavčer"),
    "es": ("subvención", "préstamo", "bono de innovación"),
    "pl": ("dotacja", "pożyczka", "bon na innowacje"),
}

# Sub-folder deliveries: file stems and headers in the region's language (all are aliases that
# ingest.schema resolves per table).
LOCAL_FILES = {
    "de": {
        "priorities": "prioritaeten", "clusters": "cluster", "actors": "unternehmen",
        "programmes": "foerderprogramme",
    },
    "it": {
        "priorities": "priorita", "clusters": "distretti", "actors": "aziende",
        "programmes": "bandi",
    },
    "fr": {
        "priorities": "priorites", "clusters": "poles", "actors": "entreprises",
        "programmes": "programmes",
    },
}
LOCAL_HEADERS = {
    "de": {
        "priorities": {
            "priority_id": "Nummer", "title": "Titel", "description": "Beschreibung",
            "language": "Sprache", "domains": "Themenfelder", "nace": "WZ 2008",
            "keywords": "Schlagwörter",
        },
        "clusters": {
            "cluster_id": "Kennung", "name": "Clustername", "priority_ids": "Prioritäten",
            "domains": "Branchen", "nace": "WZ", "members": "Mitglieder", "website": "Webseite",
            "description": "Kurzbeschreibung",
        },
        "actors": {
            "actor_id": "Unternehmens-ID", "name": "Firmenname", "type": "Typ",
            "size": "Größenklasse", "nace": "WZ-Code", "cluster_ids": "Cluster",
            "roles": "Wertschöpfungsstufe",
        },
        "programmes": {
            "programme_id": "Förderprogramm-ID", "name": "Förderprogramm",
            "budget_eur": "Fördervolumen", "domains": "Themenfelder", "instrument": "Förderart",
            "trl_min": "TRL von", "trl_max": "TRL bis", "beneficiaries": "Antragsberechtigte",
            "opens": "Beginn", "closes": "Einreichfrist",
        },
    },
    "it": {
        "priorities": {
            "priority_id": "Codice priorità", "title": "Titolo", "description": "Descrizione",
            "language": "Lingua", "domains": "Ambiti", "nace": "Codici ATECO",
            "keywords": "Parole chiave",
        },
        "clusters": {
            "cluster_id": "Codice cluster", "name": "Denominazione", "priority_ids": "Priorità S3",
            "domains": "Settori", "nace": "ATECO", "members": "Numero membri",
            "website": "Sito web", "description": "Descrizione",
        },
        "actors": {
            "actor_id": "Codice", "name": "Ragione sociale", "type": "Tipologia",
            "size": "Classe dimensionale", "nace": "Codice ATECO", "cluster_ids": "Distretto",
            "roles": "Filiera",
        },
        "programmes": {
            "programme_id": "Codice bando", "name": "Bando", "budget_eur": "Dotazione finanziaria",
            "domains": "Ambiti", "instrument": "Strumento", "trl_min": "TRL minimo",
            "trl_max": "TRL massimo", "beneficiaries": "Destinatari", "opens": "Data apertura",
            "closes": "Scadenza",
        },
    },
    "fr": {
        "priorities": {
            "priority_id": "Code priorité", "title": "Intitulé", "description": "Description",
            "language": "Langue", "domains": "Domaines", "nace": "Code NAF",
            "keywords": "Mots-clés",
        },
        "clusters": {
            "cluster_id": "Identifiant cluster", "name": "Nom du pôle",
            "priority_ids": "Priorités", "domains": "Secteurs", "nace": "Codes NAF",
            "members": "Nombre de membres", "website": "Site web", "description": "Résumé",
        },
        "actors": {
            "actor_id": "ID entreprise", "name": "Raison sociale", "type": "Type d'acteur",
            "size": "Taille", "nace": "Code NAF", "cluster_ids": "Pôles", "roles": "Rôles",
        },
        "programmes": {
            "programme_id": "ID programme", "name": "Programme de financement",
            "budget_eur": "Montant", "domains": "Domaines", "instrument": "Type d'aide",
            "trl_min": "TRL minimum", "trl_max": "TRL maximum", "beneficiaries": "Bénéficiaires",
            "opens": "Ouverture", "closes": "Date limite",
        },
    },
}
# Enumeration words the sub-folder files use instead of the canonical English values.
LOCAL_ENUMS = {
    "de": {
        "firm": "Unternehmen", "research": "Forschungseinrichtung", "university": "Hochschule",
        "public": "Behörde", "intermediary": "Verband", "micro": "Kleinstunternehmen",
        "small": "klein", "medium": "mittel", "large": "Großunternehmen",
    },
    "it": {
        "firm": "Società", "research": "Centro di ricerca", "university": "Università",
        "public": "Ente pubblico", "intermediary": "Associazione", "micro": "Micro",
        "small": "Piccola", "medium": "Media", "large": "Grande",
    },
    "fr": {
        "firm": "Entreprise", "research": "Laboratoire", "university": "Université",
        "public": "Collectivité", "intermediary": "Association", "micro": "TPE", "small": "Petite",
        "medium": "Moyenne", "large": "Grande entreprise",
    },
}
# fmt: on

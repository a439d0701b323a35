"""Tests of the common S3 taxonomy and the text/label -> domain mapper."""

from __future__ import annotations

import doctest
import json
import random
from pathlib import Path

import pytest

import synergy.core.taxonomy as taxonomy_module
from synergy.core.errors import TaxonomyError
from synergy.core.taxonomy import LANGUAGES, PILOT_FIELDS, Domain, DomainMatch, Taxonomy

DATA = Path(__file__).parent / "data" / "taxonomy"
ROOT = Path(__file__).parent.parent

REQUIRED_IDS = [
    "agrifood",
    "bioeconomy",
    "forestry-wood",
    "construction",
    "circular-economy",
    "cleantech",
    "water",
    "energy-renewables",
    "energy-efficiency",
    "hydrogen",
    "mobility",
    "automotive",
    "aerospace",
    "logistics",
    "advanced-manufacturing",
    "mechatronics",
    "microtechnology",
    "microelectronics",
    "photonics",
    "advanced-materials",
    "chemistry",
    "plastics",
    "textiles",
    "ict",
    "ai-data",
    "cybersecurity",
    "health",
    "medtech",
    "pharma-biotech",
    "active-ageing",
    "creative-industries",
    "cultural-heritage",
    "tourism",
    "sport-outdoor",
    "smart-cities",
    "social-innovation",
    "natural-hazards",
]
# added after checking coverage against Eye@RIS3's NACE/NABS dimensions (synergy/data/TAXONOMY.md)
NEW_IDS = ["maritime", "space", "security-defence", "raw-materials", "fintech"]


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return Taxonomy.load()


def ids(matches: list[DomainMatch]) -> list[str]:
    return [m.domain_id for m in matches]


# --- the shipped data ---------------------------------------------------------------------------


def test_shipped_domains_all_required_ids(tax):
    assert len(tax.domains) >= 30
    assert set(REQUIRED_IDS) <= set(tax.domains)
    assert list(tax.domains) == sorted(tax.domains)


@pytest.mark.parametrize("domain_id", REQUIRED_IDS)
def test_shipped_domain_complete_in_five_languages(tax, domain_id):
    d = tax.domains[domain_id]
    assert d.field in PILOT_FIELDS
    assert len(d.nace) >= 1 and all(len(c) == 2 and c.isdigit() for c in d.nace)
    for lang in LANGUAGES:
        assert d.names[lang].strip(), (domain_id, lang)
        terms = d.keywords[lang]
        assert 6 <= len(terms) <= 20, (domain_id, lang, len(terms))
        assert all(isinstance(t, str) and t.strip() for t in terms)


def test_shipped_keywords_exclude_generic_words(tax):
    generic = {"system", "systems", "technology", "innovation", "smart", "space", "development"}
    for d in tax.domains.values():
        for terms in d.keywords.values():
            assert not generic & {t.casefold() for t in terms}, d.id


@pytest.mark.parametrize("domain_id", NEW_IDS)
def test_shipped_new_domain_names_keywords_nace_classes(tax, domain_id):
    d = tax.domains[domain_id]
    assert d.field in PILOT_FIELDS
    assert d.nace and all(len(c) == 2 and c.isdigit() for c in d.nace)
    assert d.nace_classes and all(len(c) == 5 and c[2] == "." for c in d.nace_classes)
    for lang in LANGUAGES:
        assert d.names[lang].strip(), (domain_id, lang)
        assert 10 <= len(d.keywords[lang]) <= 20, (domain_id, lang, len(d.keywords[lang]))


def test_shipped_nace_classes_name_the_new_domains_precisely(tax):
    classes = {d.id: set(d.nace_classes) for d in tax.domains.values()}
    assert {"30.11", "33.15", "50.20"} <= classes["maritime"]  # ships, ship repair, sea freight
    assert {"30.30", "51.22", "61.30"} <= classes["space"]  # spacecraft, launch, satellite telecom
    assert {"25.40", "30.40", "84.22"} <= classes["security-defence"]  # weapons, military vehicles
    assert {"07.29", "08.99"} <= classes["raw-materials"]  # non-ferrous ores, other mining


def test_shipped_domains_cover_every_s3_nace_section(tax):
    # L real estate, P education, T households, U extraterritorial bodies: not S3 domains
    # (synergy/data/TAXONOMY.md says why)
    for section, divisions in taxonomy_module.NACE_SECTIONS.items():
        # by section letter: a bare division code no longer maps to domains that list
        # classes in a division other domains share (C26 alone is neither photonics nor ICT)
        covered = set(tax.domains_for_nace(section)) if divisions else set()
        assert bool(covered) == (section not in {"L", "P", "T", "U"}), (section, covered)
    assert tax.domains_for_nace("B") == ["raw-materials"]
    assert tax.domains_for_nace("K") == ["fintech"]


def test_shipped_sources_cited_in_json_and_taxonomy_md(tax):
    md = (Path(__file__).parent.parent / "synergy" / "data" / "TAXONOMY.md").read_text()
    assert len(tax.sources) >= 4
    for src in tax.sources:
        assert src["url"].startswith("https://") and src["title"] and src["used"]
        assert src["url"] in md, src["url"]
    for domain_id in tax.domains:
        assert f"`{domain_id}`" in md, domain_id


def test_shipped_weak_keywords_per_language(tax):
    assert set(tax.weak_keywords) == set(LANGUAGES)
    assert {"construction", "buildings", "materials"} <= set(tax.weak_keywords["en"])
    assert {"Bauen", "Gebäude"} <= set(tax.weak_keywords["de"])
    assert {"costruzioni", "cantiere"} <= set(tax.weak_keywords["it"])
    assert {"construction", "bâtiment"} <= set(tax.weak_keywords["fr"])
    assert {"gradnja", "stavbe"} <= set(tax.weak_keywords["sl"])


def test_domain_name_is_english_and_domain_is_frozen(tax):
    d = tax.domains["hydrogen"]
    assert isinstance(d, Domain) and d.name == "Hydrogen" and d.names["de"] == "Wasserstoff"
    with pytest.raises(AttributeError):
        d.field = "x"  # type: ignore[misc]


# --- map_text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Advanced manufacturing", {"advanced-manufacturing"}),
        ("en", "Sustainable and connected mobility", {"mobility"}),
        ("de", "Wasserstoff und Brennstoffzellen", {"hydrogen"}),
        ("de", "Lebensmittel und Ernährung", {"agrifood"}),
        ("it", "Chimica verde e bioplastiche", {"chemistry", "plastics"}),
        ("it", "Aerospazio", {"aerospace"}),
        ("fr", "Pôle véhicule du futur", {"automotive", "mobility"}),
        ("fr", "Mobilité", {"mobility"}),
        ("sl", "Krožno gospodarstvo", {"circular-economy"}),
        ("sl", "Pametna mesta in skupnosti", {"smart-cities"}),
    ],
)
def test_map_text_priority_title_per_language(tax, language, text, expected):
    found = ids(tax.map_text(text, language=language))
    assert expected <= set(found)
    # "chimica verde" is green (bio-based) chemistry: bioeconomy too, nothing else
    assert set(found) - expected <= {"bioeconomy"}


# Priority titles as the national and regional smart-specialisation strategies of Spain,
# Poland, the Netherlands, Portugal, Czechia and Sweden write them.
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Fabricación avanzada", {"advanced-manufacturing"}),
        ("es", "Energías más limpias", {"energy-renewables"}),
        ("es", "Salud personalizada", {"health"}),
        ("es", "Alimentación saludable", {"agrifood"}),
        ("es", "Ecoinnovación y economía circular", {"cleantech", "circular-economy"}),
        ("es", "Hidrógeno verde y pilas de combustible", {"hydrogen"}),
        ("pl", "Zdrowe społeczeństwo", {"health"}),
        ("pl", "Zrównoważona energetyka", {"energy-renewables"}),
        ("pl", "Innowacyjne technologie i procesy przemysłowe", {"advanced-manufacturing"}),
        ("pl", "Technologie wodorowe i ogniwa paliwowe", {"hydrogen"}),
        ("pl", "Przemysł lotniczy i kosmiczny", {"aerospace"}),
        ("pl", "Bezpieczna żywność", {"agrifood"}),
        ("nl", "Agri & Food", {"agrifood"}),
        ("nl", "Water & Maritiem", {"water", "maritime"}),
        ("nl", "Logistiek", {"logistics"}),
        ("nl", "Creatieve industrie", {"creative-industries"}),
        ("nl", "Energietransitie en duurzaamheid", {"energy-renewables"}),
        ("pt", "Agroalimentar", {"agrifood"}),
        ("pt", "Floresta e fileira florestal", {"forestry-wood"}),
        ("pt", "Saúde e ciências da vida", {"health"}),
        ("pt", "Tecnologias de informação e comunicação", {"ict"}),
        ("pt", "Mobilidade e transportes", {"mobility"}),
        ("cs", "Pokročilé materiály", {"advanced-materials"}),
        ("cs", "Mikro- a nanoelektronika", {"microelectronics"}),
        ("cs", "Kybernetická bezpečnost", {"cybersecurity"}),
        ("cs", "Zdravotnické prostředky", {"medtech"}),
        ("cs", "Automobilový průmysl a elektromobilita", {"automotive", "mobility"}),
        ("sv", "Hållbar energi och vätgas", {"energy-renewables", "hydrogen"}),
        ("sv", "Skogsbaserad bioekonomi", {"bioeconomy", "forestry-wood"}),
        ("sv", "Besöksnäring och turism", {"tourism"}),
        ("sv", "Livsmedel och jordbruk", {"agrifood"}),
        ("sv", "Avancerad tillverkning", {"advanced-manufacturing"}),
    ],
)
def test_map_text_priority_title_in_six_more_languages(tax, language, text, expected):
    assert set(ids(tax.map_text(text, language=language))) == expected


@pytest.mark.parametrize(
    ("language", "text", "term"),
    [
        ("pl", "Rozwój przemysłu lotniczego", "przemysłu lotniczego"),  # genitive listed
        ("cs", "Podpora automobilového průmyslu", "automobilového průmyslu"),
        ("es", "Nuevas biorrefinerías", "biorrefinería"),  # plural -s
        ("sv", "Vätgasteknik för tunga fordon", "vätgasteknik"),
        ("nl", "Waterstofketens in Groningen", "waterstof"),  # compound
    ],
)
def test_map_text_six_more_languages_inflection_and_compounds(tax, language, text, term):
    terms = {m.term.casefold() for m in tax.map_text(text, language=language)}
    assert term.casefold() in terms


@pytest.mark.parametrize(
    "text",
    [
        "Administración pública y gobernanza",
        "Zarządzanie i administracja publiczna",
        "Bestuur en overheid",
        "Administração pública",
        "Veřejná správa a řízení",
        "Offentlig förvaltning och styrning",
    ],
)
def test_map_text_six_more_languages_unrelated_no_match(tax, text):
    assert tax.map_text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mode de transport doux", ["mobility"]),  # not Dutch/Swedish "mode" (fashion)
        ("Collaborazione tra imprese e università", []),  # not Swedish "trä" (wood)
        ("La media impresa", []),  # not Dutch "media"
        ("Film sottili per il fotovoltaico", ["energy-renewables"]),
    ],
)
def test_map_text_new_languages_add_no_false_friends(tax, text, expected):
    assert ids(tax.map_text(text)) == expected


def test_map_text_part_opening_only_longer_terms_keeps_fuzzy_match(tax):
    # "technologie" occurs only inside Dutch/Polish/Czech multi-word terms; the whole word is
    # one letter away from the German keyword "Informations- und Kommunikationstechnologien".
    found = {m.domain_id: m for m in tax.map_text("Informations- und Kommunikationstechnologie")}
    assert found["ict"].source == "fuzzy"


@pytest.mark.parametrize(
    ("label", "domain_id"),
    [
        ("Movilidad", "mobility"),
        ("Wodór", "hydrogen"),
        ("Logistiek", "logistics"),
        ("Saúde", "health"),
        ("Stavebnictví", "construction"),
        ("Vätgas", "hydrogen"),
    ],
)
def test_resolve_label_six_more_languages(tax, label, domain_id):
    match = tax.resolve_label(label)
    assert (match.domain_id, match.score) == (domain_id, 1.0)


def test_language_names_give_the_boost(tax):
    plain = tax.map_text("Movilidad")[0]
    for language in ("es", "Español", "spanish", "es-ES"):
        boosted = tax.map_text("Movilidad", language=language)[0]
        assert boosted.score == pytest.approx(plain.score + taxonomy_module.LANGUAGE_BOOST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fabbrica intelligente", "advanced-manufacturing"),
        ("Smart Agrifood", "agrifood"),
        ("Sustainable Living", "construction"),
        ("Scienze della vita", "health"),
        ("Meccatronica", "mechatronics"),
        ("Qualità della vita", "health"),
        ("Industria 4.0", "advanced-manufacturing"),
        ("Industrie 4.0", "advanced-manufacturing"),
        ("Effiziente industrielle Produktion", "advanced-manufacturing"),
        ("Nachhaltige Mobilität", "mobility"),
        ("Umwelttechnologien", "cleantech"),
        ("Ressourceneffizienz", "circular-economy"),
        ("Gesundheit und Pflege", "health"),
        ("Holzbau", "forestry-wood"),
        ("Kunststoff", "plastics"),
        ("Microtechniques", "microtechnology"),
        ("Véhicule du futur", "automotive"),
        ("Agroalimentaire", "agrifood"),
        ("Bâtiment intelligent", "construction"),
        ("Plasturgie", "plastics"),
        ("Zdravo bivalno in delovno okolje", "construction"),
        ("Tovarne prihodnosti", "advanced-manufacturing"),
        ("Trajnostna hrana", "agrifood"),
        ("Trajnostni turizem", "tourism"),
        ("Mobilnost", "mobility"),
        ("Materiali kot končni produkti", "advanced-materials"),
        ("Life Sciences", "pharma-biotech"),
    ],
)
def test_map_text_alpine_s3_vocabulary(tax, text, expected):
    assert expected in ids(tax.map_text(text))


def test_map_text_energia_e_ambiente_gives_energy_and_cleantech(tax):
    found = set(ids(tax.map_text("Energia e ambiente", language="it")))
    assert "cleantech" in found
    assert found & {"energy-renewables", "energy-efficiency"}


@pytest.mark.parametrize(
    ("text", "expected", "term"),
    [
        ("Tecnologie energetiche per la montagna", "energy-renewables", "energetico"),
        ("Piles à combustible pour camions", "hydrogen", "pile à combustible"),
        ("Razvoj vodikovih tehnologij", "hydrogen", "vodikove tehnologije"),
        ("Prehod krožnega gospodarstva", "circular-economy", "Krožno gospodarstvo"),
        ("Brennstoffzellen für Lastwagen", "hydrogen", "Brennstoffzelle"),
    ],
)
def test_map_text_inflected_forms(tax, text, expected, term):
    match = {m.domain_id: m for m in tax.map_text(text)}[expected]
    assert match.term == term
    assert match.source in {"keyword", "name"}
    assert 0.9 <= match.score < 1.0 or len(term.split()) > 1


def test_map_text_german_compound_contains_keyword(tax):
    match = tax.map_text("Wasserstoffzüge für Tirol")[0]
    assert (match.domain_id, match.term, match.score) == ("hydrogen", "Wasserstoff", 0.85)
    tail = {m.domain_id: m for m in tax.map_text("Güterlogistik im Alpenraum")}["logistics"]
    assert tail.term == "Logistik" and tail.score == 0.85


def test_map_text_small_typo_is_fuzzy(tax):
    match = tax.map_text("Hydorgen for the Alps")[0]
    assert (match.domain_id, match.source, match.term.lower()) == ("hydrogen", "fuzzy", "hydrogen")
    assert 0.8 <= match.score < 0.85
    assert tax.map_text("Hydorgen valleys", min_score=0.85) == []


def test_map_text_acronyms_only_in_capitals(tax):
    assert {"ai-data", "ict"} <= set(ids(tax.map_text("AI and IT for the energy sector")))
    assert tax.map_text("we make it happen") == []
    assert tax.map_text("servizi ai cittadini") == []


@pytest.mark.parametrize(
    "text",
    [
        "Lorem ipsum dolor sit amet",
        "Verwaltung",
        "Innovation system technology smart development",
        "Alpine Space cooperation programme",
        "designated areas",
        "chemin de fer",
        "Santa Maria Maggiore",
        "Une boisson fraîche",
        "A career in public administration",
        "Strengthening and through applied research, SME support and cluster cooperation.",
        "Stärkung von und durch angewandte Forschung, KMU-Förderung und Clusterkooperation.",
        "",
        "   ",
    ],
)
def test_map_text_unrelated_text_no_match(tax, text):
    assert tax.map_text(text) == []


def test_map_text_transport_is_not_sport(tax):
    assert ids(tax.map_text("Public transport")) == ["mobility"]


def test_map_text_evidence_term_score_source_language(tax):
    text = "Wasserstoff und Brennstoffzellen für die Mobilität"
    for m in tax.map_text(text, language="de"):
        assert isinstance(m, DomainMatch)
        assert m.term and 0.0 < m.score <= 1.0
        assert m.source in {"name", "keyword", "fuzzy"}
        assert m.language in LANGUAGES
        assert m.term in tax.domains[m.domain_id].keywords[m.language] + (
            tax.domains[m.domain_id].names[m.language],
        )


def test_map_text_score_reflects_match_quality(tax):
    def score(text: str) -> float:
        return {m.domain_id: m.score for m in tax.map_text(text)}["hydrogen"]

    multi, single, inflected = score("fuel cells"), score("hydrogen"), score("Wasserstoffes")
    compound, typo = score("Wasserstoffzüge"), score("Hydorgen")
    assert multi == 1.0 and single == 0.95 and inflected == 0.9
    assert multi > single > inflected > compound > typo >= 0.8


def test_map_text_language_boost(tax):
    plain = tax.map_text("Energie")[0]
    boosted = tax.map_text("Energie", language="de-AT")[0]
    assert plain.domain_id == boosted.domain_id == "energy-renewables"
    assert boosted.score == pytest.approx(plain.score + taxonomy_module.LANGUAGE_BOOST)
    assert boosted.language == "de"


def test_map_text_ordering_deterministic(tax):
    text = "Energia e ambiente, mobilità sostenibile, idrogeno e chimica verde"
    first = tax.map_text(text, language="it")
    assert first == tax.map_text(text, language="it")
    keys = [(-m.score, m.domain_id) for m in first]
    assert keys == sorted(keys)
    shuffled = list(tax.domains.values())
    random.Random(7).shuffle(shuffled)
    other = Taxonomy(
        shuffled,
        version=tax.version,
        source=tax.source,
        weak_keywords=tax.weak_keywords,
        sources=tax.sources,
    )
    assert other.map_text(text, language="it") == first
    assert other.to_json() == tax.to_json()


def test_map_text_limit_and_min_score(tax):
    text = "Energia e ambiente, mobilità sostenibile, idrogeno e chimica verde"
    full = tax.map_text(text)
    assert len(full) > 3
    assert tax.map_text(text, limit=2) == full[:2]
    assert all(m.score >= 0.97 for m in tax.map_text(text, min_score=0.97))


def test_map_text_finds_the_term_in_10k_noisy_texts(tax):
    rng = random.Random(3)
    terms = [t for d in tax.domains.values() for kws in d.keywords.values() for t in kws]
    filler = [
        "the",
        "regional",
        "development",
        "of",
        "innovative",
        "companies",
        "research",
        "support",
        "die",
        "Entwicklung",
        "der",
        "Unternehmen",
        "sviluppo",
        "delle",
        "imprese",
        "développement",
        "des",
        "entreprises",
        "razvoj",
        "podjetij",
    ]
    texts = []
    for _ in range(10_000):
        words = [rng.choice(filler) for _ in range(25)]
        words.insert(rng.randrange(25), rng.choice(terms))
        words.insert(rng.randrange(25), "".join(rng.choices("abcdefghijklmnop", k=9)))
        texts.append(" ".join(words))
    fresh = Taxonomy(tax.domains.values())
    hits = sum(1 for t in texts if fresh.map_text(t))
    assert hits > 9_000


# --- evidence: generic words and descriptions ---------------------------------------------------

# A hand-checkable taxonomy: "construction" is generic; "digital" is a keyword of ICT and part of
# health's "digital health"; "software" of ICT and part of health's "health software".
SMALL = {
    "weak_keywords": {"en": ["construction"]},
    "domains": [
        {"id": "construction", "name": "Construction", "field": "eco-innovation", "nace": ["41"],
         "keywords": {"en": ["construction", "timber buildings"]}},
        {"id": "maritime", "name": "Maritime", "field": "eco-innovation", "nace": ["50"],
         "keywords": {"en": ["shipbuilding", "construction of ships", "shipyards"]}},
        {"id": "health", "name": "Health", "field": "health", "nace": ["86"],
         "keywords": {"en": ["hospitals", "digital health", "health software"]}},
        {"id": "ict", "name": "ICT", "field": "digital", "nace": ["62"],
         "keywords": {"en": ["digital", "software"]}},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def small() -> Taxonomy:
    return Taxonomy.from_dict(SMALL)


def test_weak_word_alone_decides_nothing_and_says_why(small):
    assert small.map_text("Construction") == []
    assert small.map_text("Construction", detail=True) == []
    (held,) = small.explain_text("Construction")
    # the name "Construction" is the generic keyword too: one word
    assert (held.domain_id, held.terms) == ("construction", ("Construction",))
    assert held.held_back == "only the generic word 'Construction'"


def test_weak_word_backs_a_domain_decided_by_another_term(small):
    (match,) = small.map_text("Construction of timber buildings")
    assert (match.domain_id, match.term) == ("construction", "timber buildings")
    assert match.terms == ("timber buildings", "Construction")


def test_shipyard_description_lands_in_maritime_not_construction(small):
    text = "Construction of ships in the region's shipyards"
    assert ids(small.map_text(text, detail=True)) == ["maritime"]
    found = {m.domain_id: m for m in small.explain_text(text, detail=True)}
    assert found["maritime"].terms == ("construction of ships", "shipyards")
    assert found["construction"].held_back == "only the generic word 'Construction'"


def test_description_multi_word_term_alone_decides(small):
    assert ids(small.map_text("Digital health", detail=True)) == ["health"]


def test_description_keyword_inside_other_domains_term_needs_a_second(small):
    # in a title, one keyword is enough; in a description "digital" belongs to "digital health"
    assert ids(small.map_text("Digital health")) == ["health", "ict"]
    held = {m.domain_id: m for m in small.explain_text("Digital health", detail=True)}["ict"]
    assert held.held_back == (
        "in a description, its one keyword 'digital' is part of 'digital health' (health)"
    )
    # the same keyword twice is still one keyword
    assert "ict" not in ids(small.map_text("Digital health, digital health", detail=True))
    # two distinct keywords decide
    both = small.map_text("Digital health and health software", detail=True)
    assert ids(both) == ["health", "ict"]
    assert both[1].terms == ("digital", "software")


def test_description_standalone_keyword_decides(small):
    assert ids(small.map_text("Hospitals and their software", detail=True)) == ["health", "ict"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Maritime technologies: shipbuilding and ship repair"),
        ("de", "Schiffbau und Werften"),
        ("it", "Tecnologie marittime e cantieri navali"),
        ("fr", "Construction navale et chantiers navals"),
        ("sl", "Gradnja ladij in ladjedelnice"),
    ],
)
def test_shipped_shipyards_map_to_maritime_not_construction(tax, language, text):
    for detail in (False, True):
        found = tax.map_text(text, language=language, detail=detail)
        assert ids(found)[0] == "maritime" and "construction" not in ids(found), found
    held = {m.domain_id: m.held_back for m in tax.explain_text(text, language=language)}
    assert "construction" not in held or held["construction"].startswith("only the generic")


@pytest.mark.parametrize(
    "text", ["Costruzioni", "Bauen", "Construction", "Gradnja", "Materialien", "Bâtiment"]
)
def test_shipped_single_weak_word_maps_to_nothing(tax, text):
    assert tax.map_text(text) == []
    (held,) = tax.explain_text(text)
    assert held.held_back.startswith("only the generic word")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Raw materials and mining", "raw-materials"),
        ("Rohstoffe und Bergbau", "raw-materials"),
        ("Earth observation and satellite navigation", "space"),
        ("Osservazione della Terra e servizi di lancio", "space"),
        ("Sécurité et défense", "security-defence"),
        ("Zivile Sicherheit und Verteidigungsindustrie", "security-defence"),
        ("Modro gospodarstvo in akvakultura", "maritime"),
        ("Economia del mare", "maritime"),
        ("Finančne tehnologije", "fintech"),
        ("Digital finance and insurtech", "fintech"),
    ],
)
def test_shipped_new_domains_from_priority_titles(tax, text, expected):
    found = tax.map_text(text)
    assert ids(found)[0] == expected, found
    assert "advanced-materials" not in ids(found)  # "materials" alone is generic


# --- resolve_label ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "domain_id", "source"),
    [
        ("hydrogen", "hydrogen", "id"),
        ("Energy-Renewables", "energy-renewables", "id"),
        ("ai data", "ai-data", "id"),
        ("Wasserstoff", "hydrogen", "name"),
        ("Mobilite", "mobility", "keyword"),
        ("hydrogène", "hydrogen", "name"),
        ("idrogeno", "hydrogen", "name"),
        ("vodik", "hydrogen", "name"),
        ("Aerospazio", "aerospace", "name"),
        ("Holzbau", "forestry-wood", "keyword"),
        ("Wasserstofftechnologien", "hydrogen", "keyword"),
        ("Robotik und Automatisierung", "mechatronics", "keyword"),
        ("Energei", "energy-renewables", "fuzzy"),
        ("Efficienza energetia", "energy-efficiency", "fuzzy"),
    ],
)
def test_resolve_label_id_name_keyword_fuzzy(tax, label, domain_id, source):
    match = tax.resolve_label(label)
    assert match is not None
    assert (match.domain_id, match.source) == (domain_id, source)
    assert match.term
    if source in {"id", "name"}:
        assert match.score == 1.0
    if source == "fuzzy":
        assert 0.86 <= match.score < 1.0


@pytest.mark.parametrize("label", ["Lorem ipsum", "Verwaltung", "", "xyz", "Verwaltungsrat"])
def test_resolve_label_unrelated_none(tax, label):
    assert tax.resolve_label(label) is None


def test_resolve_label_similar_words_not_confused(tax):
    # shares "tehnologije" with hydrogen's "vodikove tehnologije" but means water
    assert tax.resolve_label("vodne tehnologije").domain_id == "water"
    assert tax.resolve_label("vodne tehnologijee").domain_id == "water"


def test_resolve_label_min_score(tax):
    assert tax.resolve_label("Energei", min_score=0.99) is None


# --- NACE ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["C29.1", "29.10", "29", "C29", " c29.10 ", "2910"])
def test_domains_for_nace_code_forms(tax, code):
    assert tax.domains_for_nace(code) == ["automotive", "mobility"]


def test_domains_for_nace_section_and_unknown(tax):
    section_c = tax.domains_for_nace("C")
    assert {"automotive", "chemistry", "textiles", "agrifood"} <= set(section_c)
    assert "tourism" not in section_c
    assert tax.domains_for_nace("04") == [] and tax.domains_for_nace("ZZ") == []
    assert tax.domains_for_nace("1.1") == tax.domains_for_nace("01")


# --- loading user files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["user.json", "user.toml"])
def test_load_user_file_replaces_shipped(name):
    user = Taxonomy.load(DATA / name)
    assert list(user.domains) == ["alpine-cheese", "ropeways"]
    assert user.domains["ropeways"].nace == ("30", "49")
    assert ids(user.map_text("Neue Seilbahnen und Sessellifte")) == ["ropeways"]
    assert ids(user.map_text("Gruyère et fromages d'alpage")) == ["alpine-cheese"]
    assert user.map_text("Wasserstoff und Brennstoffzellen") == []
    assert user.domains_for_nace("C10.5") == ["alpine-cheese"]
    assert user.version == "test-1"


def test_load_json_and_toml_same_taxonomy():
    assert (
        Taxonomy.load(DATA / "user.json").to_json() == Taxonomy.load(DATA / "user.toml").to_json()
    )


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("missing_id.json", ["domain #1", "missing id"]),
        ("duplicate_id.json", ["domain 'ropeways'", "duplicate id", "domain #1"]),
        ("unknown_field.json", ["domain 'ropeways'", "unknown field 'enrgy'", "'energy'"]),
        ("keyword_not_string.json", ["domain 'ropeways'", "en[1] 42", "not a string"]),
        ("nace_not_string.json", ["domain 'ropeways'", "NACE code 49", "not a string"]),
        ("unknown_key.json", ["domain 'ropeways'", "unknown key 'keyword'", "'keywords'"]),
        ("no_domains.json", ["missing 'domains'", "unknown top-level key 'domain'"]),
        ("bad_syntax.json", ["invalid JSON", "line 1"]),
        ("bad_syntax.toml", ["invalid TOML"]),
        ("taxonomy.csv", ["unsupported taxonomy file type '.csv'"]),
        ("not_there.json", ["not found"]),
    ],
)
def test_load_malformed_file_names_problem(name, needles):
    with pytest.raises(TaxonomyError) as err:
        Taxonomy.load(DATA / name)
    message = str(err.value)
    assert name in message
    for needle in needles:
        assert needle in message, (needle, message)


def test_load_rejects_bad_weak_keywords_classes_and_sources():
    doc = json.loads((DATA / "user.json").read_text())
    doc["weak_keywords"] = {"en": ["gondolas", "ropeways"], "de": "Bahn"}
    doc["domains"][0]["nace_classes"] = ["49.39", "4939", "00.10"]
    doc["sources"] = [{"title": "NACE"}, {"title": "x", "url": "https://x", "usde": "y"}]
    with pytest.raises(TaxonomyError) as err:
        Taxonomy.from_dict(doc, where="bad.json")
    message = str(err.value)
    assert "weak keyword 'gondolas' (en) is no name or keyword" in message
    assert "weak_keywords.de must be a list" in message
    assert "NACE class '4939' is not a NACE Rev. 2 class like '30.11'" in message
    assert "NACE class '00.10'" in message and "'49.39'" not in message
    assert "source #1: give a table with a 'title' and a 'url'" in message
    assert "source #2: unknown key 'usde' (did you mean 'used'?)" in message


def test_weak_keywords_classes_and_sources_round_trip():
    doc = json.loads((DATA / "user.json").read_text())
    doc["weak_keywords"] = {"en": ["ropeway"]}
    doc["domains"][0]["nace_classes"] = ["49.39"]
    doc["sources"] = [{"title": "NACE Rev. 2", "url": "https://example.org/nace", "used": "x"}]
    tax = Taxonomy.from_dict(doc)
    assert tax.domains["ropeways"].nace_classes == ("49.39",)
    again = Taxonomy.from_dict(json.loads(tax.to_json()))
    assert again.to_json() == tax.to_json()
    assert again.weak_keywords == {"en": ("ropeway",)} and again.sources == tax.sources
    assert again.map_text("a ropeway") == []  # now generic: decides nothing alone
    assert ids(again.map_text("a ropeway and a chairlift")) == ["ropeways"]


def test_load_reports_all_problems_together():
    with pytest.raises(TaxonomyError) as err:
        Taxonomy.load(DATA / "many_problems.toml")
    message = str(err.value)
    assert "4 problems" in message
    assert "domain 'Ropeways': id must be lowercase" in message
    assert "domain 'cable-cars': '100' is not a NACE Rev. 2 division" in message
    assert "domain 'cable-cars': keyword en[1] '' has no letters" in message
    assert "domain #3: missing id" in message


# --- serialisation and doctests -----------------------------------------------------------------


def test_to_json_canonical_and_round_trip(tax):
    text = tax.to_json()
    assert text == Taxonomy.load().to_json()
    doc = json.loads(text)
    assert [d["id"] for d in doc["domains"]] == sorted(tax.domains)
    assert Taxonomy.from_dict(doc).to_json() == text
    shipped = json.loads((ROOT / "synergy" / "data" / "taxonomy.json").read_text())
    assert Taxonomy.from_dict(shipped).to_json() == text


def test_module_doctests_pass():
    result = doctest.testmod(taxonomy_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_domains_for_nace_class_level(tax):
    # a machinery class is advanced manufacturing (and mechatronics for machine tools), never
    # hydrogen: hydrogen lists its own classes in division 28
    assert "hydrogen" not in tax.domains_for_nace("28.41")
    assert tax.domains_for_nace("C28") == ["advanced-manufacturing"]
    assert "mechatronics" in tax.domains_for_nace("28.41")
    assert "hydrogen" in tax.domains_for_nace("27.90")
    # a group matches the classes inside it; a class outside the domain's divisions counts
    assert "photonics" in tax.domains_for_nace("26.7")
    assert "maritime" in tax.domains_for_nace("10.20")
    # a division claimed by one domain only still maps by its bare code
    assert tax.domains_for_nace("07") == ["raw-materials"]
    # R&D in natural sciences is not pharma (72.11 is biotechnology R&D)
    assert tax.domains_for_nace("72.19") == []
    assert tax.domains_for_nace("72.11") == ["pharma-biotech"]

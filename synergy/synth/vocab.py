"""Return-free vocabulary of the synthetic dataset generator: words in seven languages.

Domain labels and terms are the phrases priorities, clusters and programmes are built from, so
the taxonomy can map them back to the domain ids; value-chain templates, legal forms, name
parts and localised headers make the files look like a real multi-regional delivery.
Everything here is constant data; :mod:`synergy.synth` draws from it with a seeded generator.
"""

from __future__ import annotations

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

# domain id -> (NACE Rev.2 divisions, {lang: "label|term"}); es/pl carry a label only.
# fmt: off
DOMAINS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "agrifood": (("01", "10", "11"), {
        "en": "Agri-food|food processing",
        "de": "Agrar- und Ernährungswirtschaft|Lebensmittelverarbeitung",
        "it": "Agroalimentare|trasformazione alimentare",
        "fr": "Agroalimentaire|transformation alimentaire", "sl": "Agroživilstvo|predelava hrane",
        "es": "Agroalimentación", "pl": "Przemysł rolno-spożywczy",
    }),
    "bioeconomy": (("02", "17", "20"), {
        "en": "Bioeconomy|bio-based products", "de": "Bioökonomie|biobasierte Produkte",
        "it": "Bioeconomia|prodotti a base biologica", "fr": "Bioéconomie|produits biosourcés",
        "sl": "Biogospodarstvo|biološki izdelki", "es": "Bioeconomía", "pl": "Biogospodarka",
    }),
    "forestry-wood": (("02", "16", "31"), {
        "en": "Forestry and wood|timber construction", "de": "Forst und Holz|Holzbau",
        "it": "Foresta e legno|costruzioni in legno", "fr": "Forêt et bois|construction bois",
        "sl": "Gozdarstvo in les|lesena gradnja", "es": "Silvicultura y madera",
        "pl": "Leśnictwo i drewno",
    }),
    "construction": (("41", "42", "43"), {
        "en": "Sustainable construction|building technologies",
        "de": "Nachhaltiges Bauen|Gebäudetechnik",
        "it": "Edilizia sostenibile|tecnologie per l'edilizia",
        "fr": "Construction durable|bâtiment intelligent",
        "sl": "Trajnostna gradnja|gradbene tehnologije", "es": "Construcción sostenible",
        "pl": "Budownictwo zrównoważone",
    }),
    "circular-economy": (("38", "39"), {
        "en": "Circular economy|recycling", "de": "Kreislaufwirtschaft|Recycling",
        "it": "Economia circolare|riciclo", "fr": "Économie circulaire|recyclage",
        "sl": "Krožno gospodarstvo|recikliranje", "es": "Economía circular",
        "pl": "Gospodarka o obiegu zamkniętym",
    }),
    "cleantech": (("28", "71"), {
        "en": "Clean technologies|environmental technologies",
        "de": "Umwelttechnik|saubere Technologien",
        "it": "Tecnologie pulite|tecnologie ambientali",
        "fr": "Technologies propres|éco-technologies",
        "sl": "Čiste tehnologije|okoljske tehnologije", "es": "Tecnologías limpias",
        "pl": "Czyste technologie",
    }),
    "water": (("36", "37"), {
        "en": "Water management|water technologies", "de": "Wasserwirtschaft|Wassertechnologien",
        "it": "Gestione delle acque|tecnologie idriche",
        "fr": "Gestion de l'eau|technologies de l'eau", "sl": "Upravljanje voda|vodne tehnologije",
        "es": "Gestión del agua", "pl": "Gospodarka wodna",
    }),
    "energy-renewables": (("35",), {
        "en": "Renewable energy|solar and wind power",
        "de": "Erneuerbare Energien|Photovoltaik und Windkraft",
        "it": "Energie rinnovabili|fotovoltaico ed eolico",
        "fr": "Énergies renouvelables|solaire et éolien",
        "sl": "Obnovljivi viri energije|sončna in vetrna energija", "es": "Energías renovables",
        "pl": "Odnawialne źródła energii",
    }),
    "energy-efficiency": (("35", "43"), {
        "en": "Energy efficiency|energy saving", "de": "Energieeffizienz|Energieeinsparung",
        "it": "Efficienza energetica|risparmio energetico",
        "fr": "Efficacité énergétique|économies d'énergie",
        "sl": "Energetska učinkovitost|varčevanje z energijo", "es": "Eficiencia energética",
        "pl": "Efektywność energetyczna",
    }),
    "hydrogen": (("20", "35"), {
        "en": "Hydrogen|fuel cells", "de": "Wasserstoff|Brennstoffzellen",
        "it": "Idrogeno|celle a combustibile", "fr": "Hydrogène|piles à combustible",
        "sl": "Vodik|gorivne celice", "es": "Hidrógeno", "pl": "Wodór",
    }),
    "mobility": (("30", "49"), {
        "en": "Sustainable mobility|connected mobility",
        "de": "Nachhaltige Mobilität|vernetzte Mobilität",
        "it": "Mobilità sostenibile|mobilità connessa",
        "fr": "Mobilité durable|mobilité connectée",
        "sl": "Trajnostna mobilnost|povezana mobilnost", "es": "Movilidad sostenible",
        "pl": "Zrównoważona mobilność",
    }),
    "automotive": (("29",), {
        "en": "Automotive|vehicle components", "de": "Automobilindustrie|Fahrzeugkomponenten",
        "it": "Automotive|componentistica auto", "fr": "Automobile|équipements automobiles",
        "sl": "Avtomobilska industrija|avtomobilski deli", "es": "Automoción", "pl": "Motoryzacja",
    }),
    "aerospace": (("30",), {
        "en": "Aerospace|aeronautics and space", "de": "Luft- und Raumfahrt|Luftfahrttechnik",
        "it": "Aerospazio|aeronautica", "fr": "Aéronautique et spatial|aéronautique",
        "sl": "Letalstvo in vesolje|vesoljske tehnologije", "es": "Aeroespacial",
        "pl": "Lotnictwo i kosmonautyka",
    }),
    "logistics": (("49", "52"), {
        "en": "Logistics|supply chain management", "de": "Logistik|Lieferkettenmanagement",
        "it": "Logistica|catena di fornitura", "fr": "Logistique|chaîne d'approvisionnement",
        "sl": "Logistika|oskrbovalne verige", "es": "Logística", "pl": "Logistyka",
    }),
    "advanced-manufacturing": (("25", "28"), {
        "en": "Advanced manufacturing|Industry 4.0",
        "de": "Fortgeschrittene Fertigung|Industrie 4.0",
        "it": "Manifattura avanzata|Industria 4.0", "fr": "Fabrication avancée|industrie du futur",
        "sl": "Napredna proizvodnja|Industrija 4.0", "es": "Fabricación avanzada",
        "pl": "Zaawansowane wytwarzanie",
    }),
    "mechatronics": (("27", "28"), {
        "en": "Mechatronics|robotics and automation",
        "de": "Mechatronik|Robotik und Automatisierung",
        "it": "Meccatronica|robotica e automazione",
        "fr": "Mécatronique|robotique et automatisation",
        "sl": "Mehatronika|robotika in avtomatizacija", "es": "Mecatrónica", "pl": "Mechatronika",
    }),
    "microtechnology": (("26", "32"), {
        "en": "Microtechnology|precision engineering", "de": "Mikrotechnik|Präzisionstechnik",
        "it": "Microtecnologie|meccanica di precisione",
        "fr": "Microtechnique|mécanique de précision", "sl": "Mikrotehnologije|precizna mehanika",
        "es": "Microtecnología", "pl": "Mikrotechnologia",
    }),
    "microelectronics": (("26",), {
        "en": "Microelectronics|semiconductors", "de": "Mikroelektronik|Halbleiter",
        "it": "Microelettronica|semiconduttori", "fr": "Microélectronique|semi-conducteurs",
        "sl": "Mikroelektronika|polprevodniki", "es": "Microelectrónica", "pl": "Mikroelektronika",
    }),
    "photonics": (("26", "27"), {
        "en": "Photonics|optics and lasers", "de": "Photonik|Optik und Laser",
        "it": "Fotonica|ottica e laser", "fr": "Photonique|optique et lasers",
        "sl": "Fotonika|optika in laserji", "es": "Fotónica", "pl": "Fotonika",
    }),
    "advanced-materials": (("20", "24"), {
        "en": "Advanced materials|new materials", "de": "Neue Werkstoffe|Materialtechnik",
        "it": "Materiali avanzati|nuovi materiali", "fr": "Matériaux avancés|nouveaux matériaux",
        "sl": "Napredni materiali|novi materiali", "es": "Materiales avanzados",
        "pl": "Materiały zaawansowane",
    }),
    "chemistry": (("20",), {
        "en": "Chemistry|green chemistry", "de": "Chemie|grüne Chemie",
        "it": "Chimica|chimica verde", "fr": "Chimie|chimie verte", "sl": "Kemija|zelena kemija",
        "es": "Química", "pl": "Chemia",
    }),
    "plastics": (("22",), {
        "en": "Plastics|polymers", "de": "Kunststoffe|Polymere",
        "it": "Materie plastiche|polimeri", "fr": "Plasturgie|polymères",
        "sl": "Plastika|polimeri", "es": "Plásticos", "pl": "Tworzywa sztuczne",
    }),
    "textiles": (("13", "14"), {
        "en": "Textiles|technical textiles", "de": "Textil|technische Textilien",
        "it": "Tessile|tessili tecnici", "fr": "Textile|textiles techniques",
        "sl": "Tekstil|tehnični tekstil", "es": "Textil", "pl": "Tekstylia",
    }),
    "ict": (("61", "62", "63"), {
        "en": "ICT|digital technologies", "de": "IKT|digitale Technologien",
        "it": "ICT|tecnologie digitali", "fr": "TIC|technologies numériques",
        "sl": "IKT|digitalne tehnologije", "es": "TIC",
        "pl": "Technologie informacyjno-komunikacyjne",
    }),
    "ai-data": (("62", "63"), {
        "en": "Artificial intelligence|big data", "de": "Künstliche Intelligenz|Datenwirtschaft",
        "it": "Intelligenza artificiale|big data",
        "fr": "Intelligence artificielle|données massives", "sl": "Umetna inteligenca|velepodatki",
        "es": "Inteligencia artificial", "pl": "Sztuczna inteligencja",
    }),
    "cybersecurity": (("62",), {
        "en": "Cybersecurity|data protection", "de": "Cybersicherheit|IT-Sicherheit",
        "it": "Cybersicurezza|sicurezza informatica", "fr": "Cybersécurité|sécurité informatique",
        "sl": "Kibernetska varnost|informacijska varnost", "es": "Ciberseguridad",
        "pl": "Cyberbezpieczeństwo",
    }),
    "health": (("86",), {
        "en": "Health|life sciences", "de": "Gesundheit|Lebenswissenschaften",
        "it": "Salute|scienze della vita", "fr": "Santé|sciences de la vie",
        "sl": "Zdravje|znanosti o življenju", "es": "Salud", "pl": "Zdrowie",
    }),
    "medtech": (("26", "32"), {
        "en": "Medical technology|medical devices", "de": "Medizintechnik|Medizinprodukte",
        "it": "Tecnologie biomediche|dispositivi medici",
        "fr": "Technologies médicales|dispositifs médicaux",
        "sl": "Medicinska tehnologija|medicinski pripomočki", "es": "Tecnología médica",
        "pl": "Technologie medyczne",
    }),
    "pharma-biotech": (("21", "72"), {
        "en": "Pharma and biotech|biotechnology", "de": "Pharma und Biotechnologie|Biotechnologie",
        "it": "Farmaceutica e biotecnologie|biotecnologie",
        "fr": "Pharmacie et biotechnologies|biotechnologies",
        "sl": "Farmacija in biotehnologija|biotehnologija", "es": "Farmacia y biotecnología",
        "pl": "Farmacja i biotechnologia",
    }),
    "active-ageing": (("87", "88"), {
        "en": "Active ageing|silver economy", "de": "Aktives Altern|Silver Economy",
        "it": "Invecchiamento attivo|silver economy", "fr": "Vieillissement actif|silver économie",
        "sl": "Aktivno staranje|srebrna ekonomija", "es": "Envejecimiento activo",
        "pl": "Aktywne starzenie się",
    }),
    "creative-industries": (("58", "59", "90"), {
        "en": "Creative industries|design", "de": "Kreativwirtschaft|Design",
        "it": "Industrie creative|design", "fr": "Industries créatives|design",
        "sl": "Kreativne industrije|oblikovanje", "es": "Industrias creativas",
        "pl": "Przemysły kreatywne",
    }),
    "cultural-heritage": (("91",), {
        "en": "Cultural heritage|museums", "de": "Kulturerbe|Denkmalpflege",
        "it": "Patrimonio culturale|beni culturali", "fr": "Patrimoine culturel|musées",
        "sl": "Kulturna dediščina|muzeji", "es": "Patrimonio cultural",
        "pl": "Dziedzictwo kulturowe",
    }),
    "tourism": (("55", "79"), {
        "en": "Tourism|hospitality", "de": "Tourismus|Gastgewerbe", "it": "Turismo|ospitalità",
        "fr": "Tourisme|hôtellerie", "sl": "Turizem|gostinstvo", "es": "Turismo",
        "pl": "Turystyka",
    }),
    "sport-outdoor": (("32", "93"), {
        "en": "Sport and outdoor|sports equipment", "de": "Sport und Outdoor|Sportartikel",
        "it": "Sport e outdoor|articoli sportivi", "fr": "Sport et outdoor|équipements sportifs",
        "sl": "Šport in prosti čas|športna oprema", "es": "Deporte y aire libre",
        "pl": "Sport i rekreacja",
    }),
    "smart-cities": (("42", "71"), {
        "en": "Smart cities|urban innovation", "de": "Smart City|intelligente Städte",
        "it": "Città intelligenti|smart city", "fr": "Villes intelligentes|ville durable",
        "sl": "Pametna mesta|urbane inovacije", "es": "Ciudades inteligentes",
        "pl": "Inteligentne miasta",
    }),
    "social-innovation": (("88", "94"), {
        "en": "Social innovation|social economy", "de": "Soziale Innovation|Sozialwirtschaft",
        "it": "Innovazione sociale|economia sociale",
        "fr": "Innovation sociale|économie sociale et solidaire",
        "sl": "Družbene inovacije|socialna ekonomija", "es": "Innovación social",
        "pl": "Innowacje społeczne",
    }),
    "natural-hazards": (("71", "84"), {
        "en": "Natural hazards|climate adaptation", "de": "Naturgefahren|Klimaanpassung",
        "it": "Rischi naturali|adattamento climatico",
        "fr": "Risques naturels|adaptation au climat",
        "sl": "Naravne nesreče|prilagajanje podnebnim spremembam", "es": "Riesgos naturales",
        "pl": "Zagrożenia naturalne",
    }),
}
# fmt: on
DOMAIN_IDS = tuple(DOMAINS)

# chain id, name, stages (stage id, stage name, domain ids), upstream first.
# fmt: off
CHAIN_TEMPLATES: tuple[tuple[str, str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...] = (
    ("hydrogen", "Green hydrogen", (
        ("materials", "Catalysts and membranes", ("advanced-materials", "chemistry")),
        ("electrolysers", "Electrolyser manufacturing", ("hydrogen", "advanced-manufacturing")),
        ("production", "Hydrogen production", ("hydrogen", "energy-renewables")),
        ("storage", "Storage and distribution", ("hydrogen", "logistics")),
        ("fuel-cells", "Fuel-cell systems", ("hydrogen", "automotive")),
        ("applications", "Mobility applications", ("mobility", "hydrogen")),
    )),
    ("wood-construction", "Wood-based construction", (
        ("forestry", "Forest management", ("forestry-wood",)),
        ("sawmilling", "Sawmilling and processing", ("forestry-wood",)),
        ("engineered-wood", "Engineered wood products", ("forestry-wood", "advanced-materials")),
        ("prefabrication", "Prefabrication", ("construction",)),
        ("building", "Building and renovation", ("construction", "energy-efficiency")),
    )),
    ("battery", "Batteries and e-mobility", (
        ("materials", "Battery materials", ("advanced-materials", "chemistry")),
        ("cells", "Cell manufacturing", ("advanced-materials", "advanced-manufacturing")),
        ("packs", "Battery packs and management systems", ("automotive", "mechatronics")),
        ("vehicles", "Electric vehicles", ("automotive", "mobility")),
        ("charging", "Charging infrastructure", ("mobility", "smart-cities")),
        ("recycling", "Battery recycling", ("circular-economy",)),
    )),
    ("medtech", "Medical devices", (
        ("materials", "Biocompatible materials", ("advanced-materials", "plastics")),
        ("components", "Precision components", ("microtechnology", "microelectronics")),
        ("devices", "Device manufacturing", ("medtech",)),
        ("software", "Digital health software", ("ai-data", "ict")),
        ("care", "Clinical validation and care", ("health",)),
    )),
    ("agrifood", "Sustainable food", (
        ("farming", "Primary production", ("agrifood",)),
        ("processing", "Food processing", ("agrifood",)),
        ("packaging", "Packaging", ("plastics", "circular-economy")),
        ("distribution", "Distribution and retail", ("logistics",)),
        ("valorisation", "By-product valorisation", ("bioeconomy", "circular-economy")),
    )),
    ("smart-manufacturing", "Smart manufacturing", (
        ("sensors", "Sensors and optics", ("microelectronics", "photonics")),
        ("automation", "Automation and robotics", ("mechatronics",)),
        ("machines", "Machine building", ("advanced-manufacturing",)),
        ("software", "Industrial software and AI", ("ai-data", "ict")),
        ("services", "Secure connected services", ("cybersecurity", "ict")),
    )),
    ("aerospace", "Aerospace", (
        ("materials", "Composites and alloys", ("advanced-materials",)),
        ("components", "Components and subsystems", ("aerospace", "microtechnology")),
        ("integration", "System integration", ("aerospace",)),
        ("mro", "Maintenance, repair and overhaul", ("aerospace", "logistics")),
    )),
    ("circular-plastics", "Circular plastics", (
        ("collection", "Waste collection and sorting", ("circular-economy",)),
        ("recycling", "Mechanical and chemical recycling", ("circular-economy", "chemistry")),
        ("compounding", "Compounding", ("plastics",)),
        ("moulding", "Moulding and converting", ("plastics", "advanced-manufacturing")),
        ("products", "Products and packaging", ("plastics", "agrifood")),
    )),
    ("bio-based", "Bio-based products", (
        ("biomass", "Biomass supply", ("forestry-wood", "agrifood")),
        ("biorefining", "Biorefining", ("bioeconomy", "chemistry")),
        ("biomaterials", "Bio-based materials", ("bioeconomy", "advanced-materials")),
        ("products", "Consumer products", ("textiles", "plastics")),
    )),
    ("smart-textiles", "Smart textiles", (
        ("fibres", "Fibres", ("textiles", "chemistry")),
        ("fabrics", "Technical fabrics", ("textiles",)),
        ("electronics", "Embedded electronics", ("microelectronics",)),
        ("garments", "Garments and gear", ("textiles", "sport-outdoor")),
    )),
    ("renewables", "Renewable energy systems", (
        ("components", "Components", ("energy-renewables", "advanced-manufacturing")),
        ("installation", "Installation", ("energy-renewables", "construction")),
        ("grid", "Smart grids", ("energy-efficiency", "ict")),
        ("storage", "Energy storage", ("energy-renewables", "hydrogen")),
        ("services", "Energy services", ("energy-efficiency", "smart-cities")),
    )),
    ("tourism", "Sustainable tourism", (
        ("heritage", "Heritage assets", ("cultural-heritage",)),
        ("content", "Digital content", ("creative-industries",)),
        ("platforms", "Booking and data platforms", ("ict", "ai-data")),
        ("hospitality", "Hospitality", ("tourism",)),
        ("outdoor", "Outdoor experiences", ("sport-outdoor", "tourism")),
    )),
    ("pharma", "Pharmaceuticals", (
        ("discovery", "Drug discovery", ("pharma-biotech",)),
        ("trials", "Clinical trials", ("health", "pharma-biotech")),
        ("production", "Production", ("pharma-biotech", "chemistry")),
        ("distribution", "Distribution", ("logistics", "health")),
    )),
    ("water", "Water technologies", (
        ("monitoring", "Monitoring and sensors", ("water", "microelectronics")),
        ("treatment", "Treatment", ("water", "cleantech")),
        ("networks", "Networks", ("water", "smart-cities")),
        ("reuse", "Reuse and recovery", ("water", "circular-economy")),
    )),
)
# fmt: on

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

"""Sector templates for the synthetic data generator (:mod:`matcher.synthetic.generate`).

Each sector has department kinds; each kind has current functions (roles) with the
tasks a work analysis typically finds there, in Dutch. The numbers (levels, hours,
demands, conditions) follow the practice figures in DOMAIN.md: a nurse spends a good
share of her week on bed-making, restocking and transport; catering staff spend over
30 % on cleaning, restocking and assisting meal preparation; builders are relieved by
a site assistant who tidies; teachers by help with administration.

A task line is written compactly as ``"name | level | flags | demands"``:

* flags: ``S`` separable, ``C`` core, ``E`` evening, ``N`` night, ``W`` weekend,
  ``K`` customer contact, ``L<kg>`` heaviest lift;
* demands: two-letter dimension codes with a level, e.g. ``ph3 pa2`` (others are 1).

Templates are data, so adding a sector is adding a block here, not code.
"""

from __future__ import annotations

from dataclasses import dataclass

_CODES = {
    "in": "independence", "so": "social", "de": "deadlines", "pa": "pace",
    "ir": "interruptions", "un": "unpredictability", "ph": "physical", "co": "cognitive",
    "at": "attention", "li": "literacy", "nu": "numeracy", "di": "digital", "pr": "precision",
}


@dataclass(frozen=True)
class TaskTemplate:
    """One task as a work analysis in the sector typically records it."""

    name: str
    level: int
    separable: bool
    core: bool
    time_of_day: str
    weekend: bool
    lifting_kg: float
    customer_contact: bool
    demands: dict[str, int]

    @classmethod
    def parse(cls, line: str) -> TaskTemplate:
        """Read the compact ``name | level | flags | demands`` notation."""
        name, level, flags, demands = (part.strip() for part in line.split("|"))
        tokens = flags.split()
        lifting = next((float(t[1:]) for t in tokens if t.startswith("L")), 0.0)
        time = "night" if "N" in tokens else "evening" if "E" in tokens else "day"
        parsed = {_CODES[d[:2]]: int(d[2:]) for d in demands.split()}
        return cls(name, int(level), "S" in tokens, "C" in tokens, time, "W" in tokens,
                   lifting, "K" in tokens, parsed)


@dataclass(frozen=True)
class RoleTemplate:
    """A current function: level, employer cost per hour, contract hours, team size."""

    name: str
    level: int
    hourly_cost: float
    contract_hours: float
    headcount: tuple[int, int]
    tasks: tuple[TaskTemplate, ...]


@dataclass(frozen=True)
class DepartmentKind:
    """A kind of department (ward, kitchen, site ...) with its names and roles."""

    names: tuple[str, ...]
    roles: tuple[RoleTemplate, ...]


def _role(name: str, level: int, cost: float, hours: float, team: tuple[int, int],
          *tasks: str) -> RoleTemplate:
    return RoleTemplate(name, level, cost, hours, team, tuple(TaskTemplate.parse(t) for t in tasks))


SECTORS: dict[str, tuple[DepartmentKind, ...]] = {
    "care": (
        DepartmentKind(
            ("Verpleegafdeling De Linde", "Verpleegafdeling De Eik", "Verpleegafdeling De Beuk",
             "Psychogeriatrie De Hoeve", "Revalidatie Het Anker", "Somatiek De Wilg"),
            (
                _role("Verpleegkundige", 4, 38.0, 32, (3, 7),
                      "Medicatie toedienen | 4 | C | in4 so3 de3 co4 at4 pr4 li3",
                      "Zorgplan opstellen en evalueren | 4 | C | in4 co4 li4 di3 so3",
                      "Wondzorg | 4 | C L5 | pr4 co3 at4 so3 ph2",
                      "Bedden opmaken | 1 | S W L10 | ph3 pa2",
                      "Linnenkar aanvullen | 1 | S L10 | ph2 nu2",
                      "Patiëntenvervoer binnen het huis | 2 | S K | ph3 so2 un2",
                      "Nachtronde en toezicht | 3 | N | in4 un4 at3"),
                _role("Verzorgende IG", 3, 31.0, 28, (4, 9),
                      "Wassen en aankleden (ADL) | 3 | C K W L15 | ph3 so3 pr2",
                      "Observeren en rapporteren | 3 | C | li3 at3 di2",
                      "Incontinentiemateriaal aanvullen | 1 | S L10 | ph2 nu2",
                      "Rolstoelen en hulpmiddelen schoonmaken | 1 | S | ph2 pr2",
                      "Koffie en thee rondbrengen | 1 | S K W | so2 pa2",
                      "Avondzorg | 3 | C E K L15 | ph3 so3 ir3",
                      "Maaltijden rondbrengen en afruimen | 1 | S E K | so2 ph2 pa2"),
                _role("Helpende zorg en welzijn", 2, 26.0, 24, (2, 5),
                      "Huiskamer opruimen en afwassen | 1 | S | ph2",
                      "Activiteiten begeleiden | 2 | C K | so3 un3",
                      "Post en boodschappen rondbrengen | 1 | S K | ph2 nu2",
                      "Broodmaaltijd klaarmaken | 2 | K | pr2 pa4 so3",
                      "Bewoners begeleiden naar activiteiten | 2 | K | so4 un3 ph2"),
            ),
        ),
        DepartmentKind(
            ("Facilitair bedrijf", "Centrale keuken", "Linnenkamer"),
            (
                _role("Kok", 3, 30.0, 36, (1, 3),
                      "Menu samenstellen en bestellen | 3 | C | co3 nu3 di3",
                      "Warme maaltijden bereiden | 3 | C L10 | pa3 pr3 ph3",
                      "Groenten snijden en voorbereiden | 1 | S | pr2 pa2",
                      "Vaatwasser vullen en legen | 1 | S L10 | ph3 pa3",
                      "Koelcel controleren en registreren | 2 | | nu3 li2 at3"),
                _role("Facilitair medewerker", 2, 25.0, 32, (2, 5),
                      "Afval scheiden en afvoeren | 1 | S L15 | ph3",
                      "Magazijn aanvullen | 1 | S L15 | ph3 nu2",
                      "Kleine reparaties | 3 | C | in3 co3 pr3",
                      "Vergaderzalen klaarzetten | 1 | S | ph2"),
            ),
        ),
    ),
    "construction": (
        DepartmentKind(
            ("Bouwplaats Maastricht-Noord", "Bouwplaats Heerlen Centrum", "Bouwplaats Sittard",
             "Bouwplaats Venlo", "Project Renovatie Roermond"),
            (
                _role("Timmerman", 3, 42.0, 38, (3, 8),
                      "Kozijnen plaatsen | 3 | C L25 | ph4 pr4 co3",
                      "Bekisting maken | 3 | C L25 | ph4 pr3",
                      "Bouwplaats opruimen en vegen | 1 | S L15 | ph3",
                      "Materiaal sorteren en klaarleggen | 1 | S L15 | ph3 nu2",
                      "Afval scheiden in containers | 1 | S L15 | ph3",
                      "Steigers opbouwen | 3 | L25 | ph5 at4 pr3"),
                _role("Metselaar", 3, 41.0, 38, (2, 6),
                      "Metselwerk | 3 | C L20 | ph4 pr4 pa3",
                      "Specie aanmaken | 2 | S L25 | ph4 pa3",
                      "Stenen aanvoeren met kruiwagen | 1 | S L20 | ph3 pa2",
                      "Gereedschap schoonmaken | 1 | S | ph2"),
                _role("Uitvoerder", 5, 55.0, 40, (1, 2),
                      "Planning en werkvoorbereiding | 5 | C | in5 co4 di3 de4",
                      "Veiligheidsrondes | 4 | C | at4 un3",
                      "Bouwketenschoonmaak en koffie | 1 | S | ph2",
                      "Leveringen controleren en afboeken | 2 | S | nu3 li2 di2"),
            ),
        ),
        DepartmentKind(
            ("Werkplaats", "Magazijn en materieel"),
            (
                _role("Werkplaatsmedewerker", 2, 32.0, 38, (2, 5),
                      "Prefab elementen zagen | 3 | C L20 | pr4 ph3",
                      "Werkplaats vegen en opruimen | 1 | S L10 | ph2",
                      "Materieel reinigen | 1 | S L15 | ph3",
                      "Bouten en kleinmateriaal sorteren | 1 | S | pr2 at2"),
                _role("Magazijnmeester", 3, 34.0, 38, (1, 2),
                      "Voorraadbeheer in het systeem | 3 | C | di3 nu3",
                      "Orders verzamelen voor de bouwplaats | 2 | S L20 | ph3 nu2",
                      "Materieel uitgeven en innemen | 2 | S K | so2 nu2"),
            ),
        ),
    ),
    "education": (
        DepartmentKind(
            ("Onderbouw", "Bovenbouw", "Locatie Oost", "Locatie West", "Praktijkonderwijs"),
            (
                _role("Leraar", 6, 48.0, 32, (4, 10),
                      "Lesgeven | 6 | C K | so4 co4 ir4 un4",
                      "Lessen voorbereiden en toetsen nakijken | 6 | C | co4 li4",
                      "Kopiëren en lesmateriaal klaarleggen | 1 | S | pr2 di2",
                      "Absenties invoeren | 2 | S | di3 at2 li2",
                      "Surveilleren bij toetsen | 2 | S | at3",
                      "Oudergesprekken | 6 | C K E | so5 co4"),
                _role("Onderwijsassistent", 4, 32.0, 28, (1, 4),
                      "Leerlingen begeleiden in kleine groepen | 4 | C K | so4 co3",
                      "Lokalen klaarzetten en opruimen | 1 | S | ph2",
                      "Schriften en materialen uitdelen | 1 | S | so2"),
            ),
        ),
        DepartmentKind(
            ("Facilitaire dienst", "Administratie en leerlingzaken"),
            (
                _role("Conciërge", 3, 30.0, 36, (1, 3),
                      "Gebouw openen en sluiten | 2 | C | in3",
                      "Post sorteren en rondbrengen | 1 | S | nu2 li2",
                      "Schoolplein schoonhouden | 1 | S L10 | ph3",
                      "Aula klaarzetten voor evenementen | 1 | S E L15 | ph3",
                      "Kleine reparaties | 3 | | pr3 co3"),
                _role("Administratief medewerker", 3, 31.0, 32, (1, 3),
                      "Leerlingadministratie bijhouden | 3 | C | di4 li3 at3",
                      "Archiveren en scannen | 1 | S | di2 at2",
                      "Telefoon en balie | 2 | K | so3 ir4"),
            ),
        ),
    ),
    "logistics": (
        DepartmentKind(
            ("Distributiecentrum Venlo", "Crossdock Born", "Hal A", "Hal B", "Hal C"),
            (
                _role("Orderpicker", 2, 28.0, 38, (6, 14),
                      "Orders picken met scanner | 2 | C L20 | pa4 ph3 di2",
                      "Retouren sorteren | 1 | S L10 | pa2 at2",
                      "Dozen vouwen en klaarzetten | 1 | S | pa3",
                      "Folie en karton afvoeren | 1 | S N L10 | ph2",
                      "Nachtploeg aanvullen | 2 | C N L20 | pa4 ph3"),
                _role("Heftruckchauffeur", 3, 33.0, 38, (2, 6),
                      "Pallets verplaatsen met heftruck | 3 | C | at4 pr3",
                      "Laadperrons vegen | 1 | S | ph2",
                      "Lege pallets stapelen en sorteren | 1 | S L20 | ph3",
                      "Vrachtbrieven controleren | 2 | S | li2 nu3"),
                _role("Teamleider logistiek", 4, 40.0, 38, (1, 2),
                      "Ploeg aansturen | 4 | C | so4 un4 de4",
                      "Inventarisatie tellen | 1 | S | nu2 at2",
                      "Stickers en labels printen en plakken | 1 | S | di2 pr2"),
            ),
        ),
        DepartmentKind(
            ("Transportplanning", "Expeditie"),
            (
                _role("Planner", 4, 40.0, 36, (1, 3),
                      "Ritten plannen | 4 | C | co4 di4 de4",
                      "Vrachtpapieren sorteren en archiveren | 1 | S | li2",
                      "Telefonische klantvragen | 3 | K | so3 ir4"),
                _role("Expeditiemedewerker", 2, 27.0, 38, (2, 5),
                      "Zendingen inpakken | 1 | S L15 | pa3 ph3",
                      "Zendingen wegen en labelen | 1 | S E | nu2 di2",
                      "Douanedocumenten opstellen | 3 | C | li3 di3 at3"),
            ),
        ),
    ),
    "hospitality": (
        DepartmentKind(
            ("Restaurant", "Hotel Zuid", "Grand Café", "Banqueting"),
            (
                _role("Kok", 3, 30.0, 36, (2, 5),
                      "À la carte koken | 3 | C E W | pa4 de4 pr3",
                      "Mise-en-place snijden | 1 | S | pr2 pa2",
                      "Vaat en pannen wassen | 1 | S E W L10 | ph3 pa3",
                      "Koelcel opruimen en rouleren | 1 | S L15 | ph2 nu2",
                      "Inkoop en HACCP-registratie | 3 | C | li3 nu3 at3"),
                _role("Bediening", 2, 26.0, 28, (3, 8),
                      "Gasten bedienen | 2 | C E W K | so4 ir4 pa3",
                      "Tafels dekken en afruimen | 1 | S W | pa2 ph2",
                      "Bestek poetsen en servetten vouwen | 1 | S | pr2",
                      "Terras opzetten en afbreken | 1 | S W L15 | ph3",
                      "Afrekenen | 2 | K E | nu3 di2 so3"),
                _role("Housekeeping", 2, 25.0, 30, (2, 6),
                      "Kamers schoonmaken | 1 | S W L10 | ph3 pa3",
                      "Linnen en handdoeken vouwen | 1 | S | ph2 pa2",
                      "Minibar aanvullen | 1 | S K | nu2",
                      "Kamerinspectie | 3 | C | at3 pr3 in3"),
            ),
        ),
    ),
    "industry": (
        DepartmentKind(
            ("Productiehal 1", "Productiehal 2", "Assemblage", "Verpakkingslijn", "Spuiterij"),
            (
                _role("Operator", 3, 34.0, 38, (4, 10),
                      "Machine instellen en bedienen | 3 | C | at4 pr4 co3",
                      "Kwaliteitscontrole aan de lijn | 3 | C | at4 pr4",
                      "Onderdelen sorteren en tellen | 1 | S | nu2 pr2 at2",
                      "Werkplek schoonmaken | 1 | S | ph2",
                      "Grondstoffen aanvoeren | 1 | S L15 | ph3",
                      "Avondploeg lijn aanvullen | 1 | S E L15 | ph3 pa3"),
                _role("Monteur", 3, 39.0, 38, (1, 4),
                      "Storingen oplossen | 4 | C | co4 un4 in4",
                      "Preventief onderhoud | 3 | C | pr3 co3",
                      "Gereedschap en onderdelen uitzoeken | 1 | S | pr2 nu2"),
                _role("Inpakker", 2, 27.0, 38, (3, 8),
                      "Producten inpakken | 1 | S L10 | pa3 pr2",
                      "Dozen stapelen op pallets | 1 | S L15 | ph3 pa3",
                      "Etiketten plakken | 1 | S | pr2",
                      "Wikkelmachine bedienen | 2 | | pa4 at3"),
            ),
        ),
        DepartmentKind(
            ("Kwaliteitslab", "Technische dienst"),
            (
                _role("Laborant", 4, 38.0, 38, (1, 3),
                      "Monsters analyseren | 4 | C | pr4 co4 at4",
                      "Monsters verzamelen en labelen | 1 | S | pr3 at2",
                      "Glaswerk spoelen | 1 | S | pr2"),
            ),
        ),
    ),
    "offices": (
        DepartmentKind(
            ("Afdeling Financiën", "Afdeling Klantenservice", "Afdeling HR",
             "Afdeling Vergunningen", "Afdeling Inkoop"),
            (
                _role("Beleidsmedewerker", 6, 52.0, 36, (3, 8),
                      "Beleidsnotities schrijven | 6 | C | li5 co4 in4",
                      "Overleg met stakeholders | 6 | C K | so4 un3",
                      "Post scannen en registreren | 1 | S | di2 at2",
                      "Vergaderstukken kopiëren en verzenden | 1 | S | di2",
                      "Archief ordenen | 1 | S L5 | at2 li2"),
                _role("Klantcontactmedewerker", 3, 33.0, 32, (3, 8),
                      "Klanten te woord staan | 3 | C K | so4 ir4 di3",
                      "Dossiers bijwerken | 3 | C | di3 li3",
                      "Formulieren invoeren | 1 | S | di3 at3 li2",
                      "Brieven vouwen en kuverteren | 1 | S | pa2"),
                _role("Secretaresse", 3, 32.0, 32, (1, 3),
                      "Agendabeheer | 3 | C | di3 so3 ir4",
                      "Vergaderzalen klaarzetten en koffie | 1 | S | ph2",
                      "Notuleren | 4 | C | li4 at4"),
            ),
        ),
        DepartmentKind(
            ("Facilitaire zaken", "Documentaire informatievoorziening"),
            (
                _role("Facilitair coördinator", 4, 36.0, 36, (1, 2),
                      "Contracten beheren | 4 | C | li4 co3 di3",
                      "Post rondbrengen | 1 | S | ph2",
                      "Kantoorartikelen aanvullen | 1 | S L10 | ph2 nu2",
                      "Werkplekken opruimen | 1 | S | ph2"),
                _role("Medewerker DIV", 3, 31.0, 32, (1, 3),
                      "Dossiers archiveren volgens regels | 3 | C | li3 at3 di3",
                      "Documenten scannen | 1 | S | di2 at2",
                      "Archiefdozen verplaatsen | 1 | S L15 | ph3"),
            ),
        ),
    ),
}
"""Department kinds per sector: care, construction, education, logistics, hospitality,
industry, offices."""

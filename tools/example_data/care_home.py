"""Zorgcentrum De Linde: an elderly-care home with two living groups and services."""

from __future__ import annotations

from example_data.templates import Organisation, Role, Task, t


def _care_group(group: str, s: float) -> list[Task]:
    """One living group (woongroep) with its carers and helpers."""
    vig, hlp, vpk = f"Verzorgende IG {group[10:]}", f"Helpende {group[10:]}", "Verpleegkundige"
    k = group.split()[-1].lower()
    pg = group.endswith("Eik")  # psychogeriatric group: residents with dementia
    unp = 4 if pg else 3
    return [
        t("Persoonlijke verzorging (wassen, aankleden)", vig, 85 * s, 3, False, True, d="adl",
          wk=True, cc=True, kg=20, unp=unp),
        t("Medicatie aanreiken en aftekenen (dag)", vig, 18 * s, 3, False, True, d="zorg",
          wk=True, cc=True, att=4, prec=4, num=3, cog=3, lit=3),
        t("Medicatie aanreiken en aftekenen (avond)", vig, 10 * s, 3, False, True, d="zorg",
          tod="evening", wk=True, cc=True, att=4, prec=4, num=3, cog=3, lit=3),
        t("Zorgdossier bijhouden", vig, 16 * s, 3, False, True, d="regie", lit=4, soc=2),
        t("Bewoners naar bed helpen", vig, 28 * s, 3, False, True, d="adl", tod="evening",
          wk=True, cc=True, kg=20),
        t("Nachtrondes en toiletrondes", vig, 24 * s, 3, False, True, d="adl", tod="night",
          wk=True, cc=True),
        t("Bewoners begeleiden bij het eten", vig, 18 * s, 3, False, d="adl", cc=True, wk=True,
          unp=unp),
        t("Familie informeren", vig, 7 * s, 3, False, True, d="regie", cc=True, soc=4, phys=1),
        t("Bedden opmaken en verschonen", vig, 15 * s, 1, True, d="schoon", kg=5),
        t("Was van bewoners sorteren en in de kast leggen", vig, 7 * s, 1, True, d="schoon",
          phys=2),
        t("Koffie en thee schenken in de huiskamer", vig, 9 * s, 1, True, d="gastvrij", cc=True,
          unp=unp),
        t("Huiskamer opruimen en tafels dekken", vig, 7 * s, 1, True, d="gastvrij",
          tod="evening", key=f"{k}:huiskamer"),
        t("Vaatwasser in de huiskamer uitruimen", vig, 3 * s, 1, True, d="keukenhulp",
          tod="evening", keep=(f"{k}:huiskamer",)),
        t("Rolstoelen en rollators schoonmaken", vig, 4 * s, 1, True, d="schoon", tod="night"),
        t("Incontinentiemateriaal aanvullen", vig, 5 * s, 2, True, d="voorraad", kg=8),
        t("Wandelen met bewoners", vig, 8 * s, 2, True, d="gastvrij", cc=True, soc=4, unp=4,
          phys=3),
        t("Ontbijt en lunch klaarmaken in de huiskamer", hlp, 20 * s, 2, True, True, d="keukenhulp",
          cc=True, wk=True),
        t("Tafels dekken en afruimen", hlp, 10 * s, 1, True, d="gastvrij", wk=True),
        t("Afwassen in de huiskamer", hlp, 8 * s, 1, True, d="keukenhulp"),
        t("Bewoners helpen bij het douchen", hlp, 18 * s, 2, False, d="adl", cc=True, kg=15),
        t("Kamers opruimen en bedden opmaken", hlp, 10 * s, 1, True, d="schoon", cc=True, kg=5),
        t("Samen de krant lezen en praten", hlp, 7 * s, 2, True, d="gastvrij", cc=True, soc=4,
          lit=3),
        t("Koffie schenken in het weekend", hlp, 4 * s, 1, True, d="gastvrij", wk=True, cc=True,
          unp=unp),
        t("Medicatie uitzetten en controleren", vpk, 10 * s, 4, False, True, d="zorg",
          dept=group),
        t("Zorgplannen opstellen en evalueren", vpk, 10 * s, 4, False, True, d="regie",
          dept=group, cc=True),
    ]


def care_home() -> Organisation:
    """Zorgcentrum De Linde: two living groups, kitchen, housekeeping, welfare."""
    eik, beuk = "Woongroep De Eik", "Woongroep De Beuk"
    food, house, wel = "Restaurant en keuken", "Huishouding en linnen", "Welzijn en receptie"
    roles = [
        Role("Teamleider zorg", eik, 2, 36, 58.0, 5),
        Role("Verpleegkundige", beuk, 6, 32, 46.5, 4),
        Role("Verzorgende IG De Eik", eik, 14, 26, 39.0, 3),
        Role("Helpende De Eik", eik, 8, 24, 33.0, 2),
        Role("Verzorgende IG De Beuk", beuk, 12, 26, 39.0, 3),
        Role("Helpende De Beuk", beuk, 6, 24, 33.0, 2),
        Role("Kok", food, 3, 32, 37.0, 3),
        Role("Gastvrouw restaurant", food, 7, 24, 31.0, 2),
        Role("Medewerker huishouding", house, 10, 24, 29.0, 2),
        Role("Medewerker linnenkamer", house, 3, 24, 29.0, 2),
        Role("Activiteitenbegeleider", wel, 4, 28, 38.0, 3),
        Role("Receptiemedewerker", wel, 4, 24, 31.0, 2),
    ]
    tl, vpk = "Teamleider zorg", "Verpleegkundige"
    tasks = [
        t("Roosters maken", tl, 18, 5, False, True, d="regie", dig=4),
        t("Gesprekken met medewerkers", tl, 12, 5, False, True, d="regie", soc=5),
        t("Kwaliteitsoverleg en audits", tl, 10, 5, False, True, d="beleid"),
        t("Vergaderingen notuleren", tl, 3, 2, True, d="admin", lit=3, dig=3),
        t("Kopiëren en archiveren", tl, 3, 1, True, d="admin"),
    ]
    tasks += _care_group(eik, 1.15) + _care_group(beuk, 1.0)
    kok, gv, hh, lk, ab, rc = ("Kok", "Gastvrouw restaurant", "Medewerker huishouding",
                               "Medewerker linnenkamer", "Activiteitenbegeleider",
                               "Receptiemedewerker")
    tasks += [
        t("Wondzorg", vpk, 12, 4, False, True, d="zorg", wk=True, cc=True),
        t("Nachtdienst: bereikbaarheid en rondes", vpk, 40, 4, False, True, d="zorg",
          tod="night", wk=True, cc=True),
        t("Artsenvisite voorbereiden", vpk, 6, 4, False, True, d="regie"),
        t("Bestellingen van de apotheek controleren", vpk, 4, 3, False, d="admin", att=4, num=3),
        t("Hulpmiddelen bestellen", vpk, 3, 3, True, d="admin", dig=3, lit=3),
        t("Warme maaltijd koken", kok, 45, 3, False, True, d="koken", wk=True),
        t("Dieetlijsten bijhouden", kok, 8, 3, False, True, d="admin", lit=3, num=3, att=4),
        t("Bestellingen bij leveranciers doen", kok, 6, 3, False, d="regie", phys=1, num=4),
        t("Groenten schoonmaken en snijden", kok, 10, 1, True, d="keukenhulp"),
        t("Keuken schoonmaken", kok, 8, 1, True, d="schoon", tod="evening"),
        t("Leveringen uitpakken en wegzetten", kok, 5, 1, True, d="voorraad", kg=15, phys=3),
        t("Bewoners en gasten bedienen in het restaurant", gv, 40, 2, True, True, d="gastvrij",
          cc=True, soc=3, wk=True),
        t("Tafels dekken in het restaurant", gv, 10, 1, True, d="gastvrij"),
        t("Afwassen met de vaatwasstraat", gv, 20, 1, True, d="keukenhulp", pace=4, phys=3),
        t("Koffie en thee naar de woongroepen brengen", gv, 8, 1, True, d="gastvrij", cc=True),
        t("Kassa in het restaurant", gv, 8, 2, True, d="balie", num=3, dig=3, int=3),
        t("Restaurant afruimen na het avondeten", gv, 10, 1, True, d="schoon", tod="evening"),
        t("Appartementen schoonmaken", hh, 100, 2, True, True, d="schoon", cc=True),
        t("Gemeenschappelijke ruimtes schoonmaken", hh, 28, 1, True, d="schoon"),
        t("Prullenbakken legen", hh, 8, 1, True, d="schoon", key="prul"),
        t("Afval naar de containers brengen", hh, 6, 1, True, d="logistiek", kg=15,
          keep=("prul",)),
        t("Ramen wassen", hh, 8, 1, True, d="schoon"),
        t("Vloeren boenen met de machine", hh, 10, 2, True, d="schoon", phys=3),
        t("Schoonmaakkarren vullen", hh, 4, 1, True, d="voorraad"),
        t("Was sorteren", lk, 18, 1, True, d="schoon", kg=10),
        t("Kleding van bewoners merken", lk, 8, 1, True, d="admin", prec=3, att=3),
        t("Linnen vouwen", lk, 14, 1, True, d="schoon", pace=3),
        t("Linnenkarren naar de woongroepen brengen", lk, 6, 1, True, d="logistiek", kg=15),
        t("Industriële wasmachines bedienen", lk, 12, 2, True, d="admin", phys=3, dig=2),
        t("Activiteiten organiseren en begeleiden", ab, 40, 3, False, True, d="regie", cc=True,
          phys=2),
        t("Uitstapjes begeleiden", ab, 8, 3, False, d="adl", wk=True, cc=True, unp=4),
        t("Materiaal klaarzetten en opruimen", ab, 6, 1, True, d="voorraad"),
        t("Bewoners ophalen voor activiteiten", ab, 8, 2, True, d="gastvrij", cc=True, unp=4),
        t("Nieuwsbrief voor bewoners maken", ab, 4, 3, False, d="admin", lit=4, dig=3),
        t("Bezoekers ontvangen", rc, 40, 2, True, True, d="balie", cc=True),
        t("Telefoon aannemen", rc, 18, 2, True, d="balie", cc=True),
        t("Post sorteren en rondbrengen", rc, 4, 1, True, d="post"),
        t("Folders en tijdschriften aanvullen", rc, 2, 1, True, d="voorraad", num=1),
        t("Receptie in de avond", rc, 15, 2, True, d="balie", tod="evening", cc=True),
    ]
    return Organisation("zorgcentrum_de_linde", "DL", False, roles, tasks)

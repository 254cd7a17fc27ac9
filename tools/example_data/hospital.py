"""Ziekenhuis Maasland: three nursing wards, catering, facility services, sterilisation."""

from __future__ import annotations

from example_data.templates import Organisation, Role, Task, t


def _hospital_ward(ward: str, s: float) -> list[Task]:
    """One nursing ward; ``s`` scales the hours to the ward's size."""
    v, z, sec = f"Verpleegkundige {ward}", f"Zorgassistent {ward}", f"Afdelingssecretaresse {ward}"
    k = ward[:4].lower()
    return [
        t("Medicatie toedienen (dagdienst)", v, 55 * s, 4, False, True, d="zorg", wk=True, cc=True),
        t("Medicatie toedienen (avonddienst)", v, 30 * s, 4, False, True, d="zorg", tod="evening",
          wk=True, cc=True),
        t("Medicatie toedienen (nachtdienst)", v, 12 * s, 4, False, True, d="zorg", tod="night",
          wk=True, cc=True),
        t("Wondzorg en verbandwissels", v, 26 * s, 4, False, True, d="zorg", wk=True, cc=True),
        t("Observeren, meten en rapporteren in het EPD (dag)", v, 42 * s, 4, False, True, d="zorg",
          wk=True),
        t("Observeren en rapporteren (avond)", v, 24 * s, 4, False, True, d="zorg", tod="evening",
          wk=True),
        t("Nachtrondes en controles", v, 30 * s, 4, False, True, d="zorg", tod="night", wk=True,
          cc=True),
        t("Overdracht en patiëntbespreking", v, 18 * s, 4, False, True, d="regie", soc=3, wk=True),
        t("Hulp bij wassen en aankleden", v, 36 * s, 3, False, d="adl", wk=True, cc=True, kg=15),
        t("Opname- en ontslaggesprekken", v, 16 * s, 4, False, True, d="regie", cc=True, soc=4),
        t("Familie te woord staan", v, 9 * s, 4, False, True, d="regie", cc=True, soc=5, phys=1),
        t("Infuuspompen en sondevoeding controleren", v, 9 * s, 4, False, True, d="zorg"),
        t("Bloeddruk, pols en temperatuur meten", v, 13 * s, 3, True, d="adl", cc=True, att=4),
        t("Bedden opmaken en verschonen (ma-vr)", v, 17 * s, 1, True, d="schoon", kg=5),
        t("Bedden opmaken en verschonen (weekend)", v, 6 * s, 1, True, d="schoon", kg=5, wk=True),
        t("Voorraad aanvullen in kasten en karren", v, 8 * s, 2, True, d="voorraad", kg=8),
        t("Koffie en thee rondbrengen", v, 6 * s, 1, True, d="gastvrij", cc=True),
        t("Patiënten in bed naar onderzoek brengen", v, 9 * s, 2, True, d="logistiek", phys=4,
          soc=3, cc=True),
        t("Telefoon aannemen en doorverbinden", v, 5 * s, 2, True, d="balie", phys=1, cog=2),
        t("Spoelruimte opruimen en po's reinigen", v, 5 * s, 1, True, d="schoon", tod="evening",
          key=f"{k}:spoel"),
        t("Linnenzakken en afvalzakken afvoeren", v, 4 * s, 1, True, d="logistiek", kg=10,
          tod="evening", keep=(f"{k}:spoel",)),
        t("Rolstoelen en tilliften schoonmaken", v, 4 * s, 1, True, d="schoon", tod="night"),
        t("Voorraad aanvullen in de nacht", v, 4 * s, 2, True, d="voorraad", tod="night", kg=8),
        t("Helpen bij wassen en aankleden", z, 48 * s, 3, False, d="adl", wk=True, cc=True, kg=15),
        t("Maaltijden uitdelen en eetlijsten bijhouden", z, 17 * s, 2, True, d="gastvrij",
          cc=True, lit=2, num=2, wk=True),
        t("Bedden opmaken na ontslag", z, 10 * s, 1, True, d="schoon", kg=5, key=f"{k}:ontslag"),
        t("Nachtkastjes en bedden reinigen na ontslag", z, 7 * s, 1, True, d="schoon",
          keep=(f"{k}:ontslag",)),
        t("Patiënten helpen bij het eten", z, 14 * s, 3, False, d="adl", cc=True, soc=4, phys=2),
        t("Tilliften en hulpmiddelen klaarzetten", z, 4 * s, 2, True, d="logistiek", phys=4,
          kg=20),
        t("Linnenkamer bijvullen", z, 5 * s, 2, True, d="voorraad", kg=10),
        t("Avondeten rondbrengen en afruimen", z, 8 * s, 2, True, d="gastvrij", tod="evening",
          cc=True, wk=True),
        t("Opnames en ontslagen plannen", sec, 15 * s, 3, False, True, d="regie", phys=1, soc=3),
        t("Balie en telefoon van de afdeling", sec, 17 * s, 3, False, d="balie", cc=True),
        t("Afspraken invoeren in het ziekenhuissysteem", sec, 9 * s, 3, True, d="admin", dig=4,
          cog=3),
        t("Post rondbrengen en ophalen", sec, 3 * s, 1, True, d="post"),
        t("Formulieren en folders aanvullen", sec, 2, 1, True, d="voorraad", num=2),
        t("Dossiers scannen", sec, 6 * s, 2, True, d="admin"),
        t("Papieren dossiers archiveren", sec, 4 * s, 2, True, d="admin", phys=2),
        t("Kantoorartikelen bestellen", sec, 2, 2, True, d="voorraad", dig=3),
        t("Patiëntenkamers schoonmaken", "Schoonmaakmedewerker", 22 * s, 2, True, True, dept=ward,
          d="schoon", wk=True, cc=True),
    ]


def hospital() -> Organisation:
    """Ziekenhuis Maasland: three wards, catering, facility services, sterilisation."""
    wards = [("Interne geneeskunde", 1.0, 4, 22), ("Chirurgie", 1.15, 4, 25),
             ("Cardiologie", 0.8, 6, 18)]
    roles: list[Role] = []
    tasks: list[Task] = []
    for ward, s, level, nurses in wards:
        roles += [
            Role(f"Verpleegkundige {ward}", ward, nurses, 28, 46.0 if level == 4 else 52.5, level),
            Role(f"Zorgassistent {ward}", ward, round(7 * s), 28, 38.5, 3),
            Role(f"Afdelingssecretaresse {ward}", ward, 3 if s < 1.1 else 4, 24, 36.0, 3),
        ]
        tasks += _hospital_ward(ward, s)
    food, fac, csa = "Voedingsdienst", "Facilitair bedrijf", "Centrale sterilisatie"
    roles += [
        Role("Kok", food, 6, 32, 38.0, 3),
        Role("Voedingsassistent", food, 14, 24, 31.0, 2),
        Role("Logistiek medewerker", fac, 8, 36, 32.0, 2),
        Role("Schoonmaakmedewerker", fac, 20, 28, 29.0, 2),
        Role("Patiëntenvervoerder", fac, 6, 32, 32.5, 2),
        Role("Medewerker CSA", csa, 9, 32, 34.5, 3),
    ]
    kok, va = "Kok", "Voedingsassistent"
    log, sch, pv, cs = "Logistiek medewerker", "Schoonmaakmedewerker", "Patiëntenvervoerder", \
        "Medewerker CSA"
    tasks += [
        t("Warme maaltijden bereiden", kok, 70, 3, False, True, d="koken", wk=True),
        t("Dieetmaaltijden samenstellen", kok, 28, 3, False, True, d="koken", num=4, lit=3),
        t("Menu's plannen en bestellingen doen", kok, 12, 3, False, True, d="regie", phys=1,
          soc=2),
        t("Temperatuurlijsten en HACCP-controles", kok, 8, 3, False, d="admin", att=4, num=3),
        t("Groente wassen en snijden", kok, 18, 1, True, d="keukenhulp"),
        t("Koelcel vullen en leveringen uitpakken", kok, 8, 2, True, d="voorraad", kg=15, phys=3),
        t("Keuken schoonmaken na de dienst", kok, 10, 1, True, d="schoon", tod="evening"),
        t("Pannen en bakken afwassen", kok, 7, 1, True, d="keukenhulp", kg=10, phys=3),
        t("Maaltijden opscheppen aan de lopende band", va, 40, 2, False, d="keukenhulp", pace=4,
          ddl=4, wk=True),
        t("Maaltijdwagens naar de afdelingen brengen", va, 14, 1, True, d="logistiek", kg=20,
          wk=True),
        t("Menukeuze bij patiënten opnemen", va, 30, 2, True, True, d="gastvrij", cc=True, soc=3,
          dig=3, lit=2),
        t("Vaatwasser in- en uitruimen", va, 25, 1, True, d="keukenhulp", pace=4),
        t("Broodmaaltijden klaarmaken", va, 30, 2, True, d="keukenhulp", num=2, wk=True),
        t("Retourwagens en afval afvoeren", va, 10, 1, True, d="logistiek", kg=15),
        t("Koffie- en theekarren klaarzetten", va, 8, 1, True, d="voorraad", num=2),
        t("Avondmaaltijd uitserveren", va, 30, 2, True, d="gastvrij", tod="evening", cc=True,
          wk=True),
        t("Serviesgoed sorteren en opruimen", va, 10, 1, True, d="keukenhulp", tod="evening"),
        t("Orders verzamelen in het magazijn", log, 60, 2, True, True, d="voorraad", dig=2, pace=3),
        t("Rolcontainers naar de afdelingen brengen", log, 34, 1, True, d="logistiek", kg=15),
        t("Post sorteren en rondbrengen", log, 16, 1, True, d="post", key="post"),
        t("Interne pakketjes en monsters ophalen", log, 6, 1, True, d="post", keep=("post",)),
        t("Goederen ontvangen en lossen", log, 30, 2, True, d="logistiek", phys=4, kg=25,
          dig=2),
        t("Karton en lege dozen afvoeren", log, 8, 1, True, d="logistiek", kg=10),
        t("Linnen sorteren in de linnenkamer", log, 20, 1, True, d="schoon", kg=10),
        t("Sanitair en gangen schoonmaken", sch, 40, 2, True, True, d="schoon", wk=True),
        t("Kantoren stofzuigen en afstoffen", sch, 30, 1, True, d="schoon", tod="evening"),
        t("Prullenbakken legen", sch, 12, 1, True, d="schoon", tod="evening"),
        t("Isolatiekamers reinigen volgens protocol", sch, 15, 3, False, d="schoon", att=4,
          lit=3, cog=3),
        t("Ramen aan de binnenkant wassen", sch, 10, 1, True, d="schoon"),
        t("Entree en liften schoonhouden", sch, 8, 1, True, d="schoon", wk=True, cc=True),
        t("Bedden reinigen in de beddencentrale", sch, 24, 1, True, d="schoon", kg=10),
        t("Patiënten in bed vervoeren", pv, 90, 2, True, True, d="logistiek", phys=4, soc=3, cc=True,
          unp=3, wk=True),
        t("Rolstoelvervoer naar de poliklinieken", pv, 40, 2, True, True, d="logistiek", soc=3,
          cc=True),
        t("Rolstoelen verzamelen bij de ingangen", pv, 8, 1, True, d="logistiek"),
        t("Lege bedden naar de beddencentrale brengen", pv, 12, 1, True, d="logistiek", phys=4),
        t("Instrumentennetten samenstellen", cs, 80, 3, False, True, d="vak", prec=5, att=5,
          phys=2),
        t("Instrumenten reinigen in de wasautomaat", cs, 40, 2, True, d="admin", pace=3, phys=2,
          int=2),
        t("Sterilisatoren bedienen en charges vrijgeven", cs, 30, 3, False, True, d="regie",
          phys=2, soc=2),
        t("Kratten en transportkarren wassen", cs, 14, 1, True, d="schoon", kg=10),
        t("Steriele voorraad naar de OK brengen", cs, 16, 2, True, d="logistiek", kg=15),
        t("Instrumenten sorteren (avond)", cs, 20, 2, True, d="admin", prec=4, tod="evening"),
        t("Charges registreren in het volgsysteem", cs, 10, 3, False, d="admin", dig=4, att=4),
    ]
    return Organisation("ziekenhuis_maasland", "ZH", True, roles, tasks)

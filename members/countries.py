"""The countries of Europe whose regions may be members of AER, named in English and French.

The demo and the benchmark create their ``Country`` rows from this one list.
"""

#: (ISO 3166-1 code, English name, French name), by code.
EUROPEAN_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("AL", "Albania", "Albanie"),
    ("AM", "Armenia", "Arménie"),
    ("AT", "Austria", "Autriche"),
    ("AZ", "Azerbaijan", "Azerbaïdjan"),
    ("BA", "Bosnia and Herzegovina", "Bosnie-Herzégovine"),
    ("BE", "Belgium", "Belgique"),
    ("BG", "Bulgaria", "Bulgarie"),
    ("CH", "Switzerland", "Suisse"),
    ("CY", "Cyprus", "Chypre"),
    ("CZ", "Czechia", "Tchéquie"),
    ("DE", "Germany", "Allemagne"),
    ("DK", "Denmark", "Danemark"),
    ("EE", "Estonia", "Estonie"),
    ("ES", "Spain", "Espagne"),
    ("FI", "Finland", "Finlande"),
    ("FR", "France", "France"),
    ("GE", "Georgia", "Géorgie"),
    ("GR", "Greece", "Grèce"),
    ("HR", "Croatia", "Croatie"),
    ("HU", "Hungary", "Hongrie"),
    ("IE", "Ireland", "Irlande"),
    ("IT", "Italy", "Italie"),
    ("LT", "Lithuania", "Lituanie"),
    ("LV", "Latvia", "Lettonie"),
    ("MD", "Moldova", "Moldavie"),
    ("ME", "Montenegro", "Monténégro"),
    ("NL", "Netherlands", "Pays-Bas"),
    ("NO", "Norway", "Norvège"),
    ("PL", "Poland", "Pologne"),
    ("PT", "Portugal", "Portugal"),
    ("RO", "Romania", "Roumanie"),
    ("RS", "Serbia", "Serbie"),
    ("SE", "Sweden", "Suède"),
    ("TR", "Türkiye", "Turquie"),
    ("UA", "Ukraine", "Ukraine"),
)

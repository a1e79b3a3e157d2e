"""Synthetic but realistic records for benchmarks and load tests (pure: plain data in,
records of the format of contracts.md out, no database).

Names, summaries and descriptions (about 1 KB of Markdown) are composed from the word
lists below, written for Terreau: no external data. The same seed gives the same records.
Places follow where people live: a commune is drawn in proportion to its population, and
a project is usually close to the organisation that carries it.
"""

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from django.utils.text import slugify


@dataclass(frozen=True)
class Place:
    code: str
    kind: str
    name: str
    region: str
    departement: str
    population: int


@dataclass(frozen=True)
class Vocabularies:
    domains: Sequence[str]
    stages: Sequence[str]
    legal_forms: Sequence[str]
    actor_types: Sequence[str]


# What projects of each domain are about: kinds of projects, the people they serve, what
# they do. Domains absent from this table borrow from "cohesion-sociale".
THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "emploi-insertion": (
        (
            "Atelier chantier d'insertion",
            "Entreprise d'insertion",
            "Garage solidaire",
            "Conciergerie d'insertion",
            "Régie de quartier",
            "Ressourcerie",
        ),
        (
            "personnes éloignées de l'emploi",
            "chômeurs de longue durée",
            "jeunes sans qualification",
            "allocataires du RSA",
        ),
        (
            "proposer un premier contrat de travail accompagné",
            "former aux métiers du réemploi",
            "lever les freins à l'emploi (mobilité, garde d'enfants, logement)",
        ),
    ),
    "vieillissement": (
        (
            "Maison des aidants",
            "Habitat intergénérationnel",
            "Visites de convivialité",
            "Café des aînés",
            "Colocation seniors",
            "Plateforme de répit",
        ),
        (
            "personnes âgées isolées",
            "aidants familiaux",
            "retraités en perte d'autonomie",
            "personnes âgées vivant seules",
        ),
        (
            "rompre l'isolement des personnes âgées",
            "soulager les aidants",
            "permettre de vieillir chez soi, entouré",
        ),
    ),
    "petite-enfance": (
        (
            "Crèche à vocation d'insertion",
            "Lieu d'accueil enfants-parents",
            "Ludothèque itinérante",
            "Relais des parents",
            "Halte-garderie solidaire",
        ),
        (
            "jeunes parents",
            "familles monoparentales",
            "enfants de moins de six ans",
            "parents en recherche d'emploi",
        ),
        (
            "soutenir la parentalité",
            "offrir un mode de garde aux parents en insertion",
            "éveiller les tout-petits au langage et au jeu",
        ),
    ),
    "logement": (
        (
            "Habitat partagé",
            "Colocation solidaire",
            "Résidence accompagnée",
            "Habitat inclusif",
            "Auto-réhabilitation accompagnée",
            "Foncière solidaire",
        ),
        (
            "familles mal logées",
            "jeunes travailleurs",
            "étudiants",
            "personnes sans domicile",
            "ménages modestes",
        ),
        (
            "proposer des logements abordables et dignes",
            "accompagner l'accès au logement",
            "rénover des logements avec leurs habitants",
        ),
    ),
    "sante": (
        (
            "Maison de santé participative",
            "Médiation en santé",
            "Bus santé",
            "Centre de santé communautaire",
            "Sport santé sur ordonnance",
        ),
        (
            "habitants des déserts médicaux",
            "personnes sans complémentaire santé",
            "patients atteints de maladies chroniques",
            "jeunes en souffrance psychique",
        ),
        (
            "rapprocher les soins des habitants",
            "prévenir plutôt que guérir",
            "accompagner vers les droits en santé",
        ),
    ),
    "cohesion-sociale": (
        (
            "Tiers-lieu",
            "Café associatif",
            "Maison de quartier",
            "Épicerie participative",
            "Jardin partagé",
            "Fabrique de territoire",
        ),
        ("habitants du quartier", "familles", "personnes isolées", "nouveaux arrivants"),
        (
            "créer du lien entre voisins",
            "ouvrir un lieu où chacun peut proposer une activité",
            "faire se rencontrer les générations",
        ),
    ),
    "pauvrete-exclusion": (
        (
            "Épicerie sociale et solidaire",
            "Bagagerie solidaire",
            "Accueil de jour",
            "Laverie solidaire",
            "Microcrédit accompagné",
        ),
        (
            "personnes en situation de précarité",
            "personnes sans abri",
            "travailleurs pauvres",
            "familles en grande difficulté",
        ),
        (
            "donner accès à une alimentation de qualité à petit prix",
            "offrir un accueil inconditionnel",
            "accompagner la sortie de la précarité",
        ),
    ),
    "discriminations": (
        (
            "Parrainage vers l'emploi",
            "Médiation interculturelle",
            "Testing citoyen",
            "École de la diversité",
        ),
        (
            "jeunes des quartiers prioritaires",
            "femmes victimes de discriminations",
            "personnes réfugiées",
            "seniors en recherche d'emploi",
        ),
        (
            "ouvrir les réseaux professionnels à tous",
            "sensibiliser les employeurs",
            "faire connaître et respecter les droits de chacun",
        ),
    ),
    "handicap": (
        (
            "Entreprise adaptée",
            "Habitat inclusif",
            "Café joyeux",
            "Loisirs pour tous",
            "Job coaching",
        ),
        (
            "personnes en situation de handicap",
            "adultes autistes",
            "jeunes aidants",
            "personnes handicapées vieillissantes",
        ),
        (
            "favoriser l'emploi en milieu ordinaire",
            "rendre les loisirs accessibles",
            "vivre chez soi avec un accompagnement adapté",
        ),
    ),
    "education-jeunesse": (
        (
            "École de la deuxième chance",
            "Soutien scolaire solidaire",
            "Service civique",
            "Fab lab éducatif",
            "Mentorat",
        ),
        (
            "collégiens",
            "jeunes décrocheurs",
            "lycéens des quartiers prioritaires",
            "jeunes de 16 à 25 ans",
        ),
        (
            "prévenir le décrochage scolaire",
            "accompagner l'orientation",
            "donner confiance par le projet collectif",
        ),
    ),
    "alimentation": (
        (
            "Épicerie paysanne",
            "Cantine solidaire",
            "Jardin d'insertion",
            "Légumerie solidaire",
            "Groupement d'achat",
        ),
        ("familles modestes", "étudiants", "petits producteurs locaux", "habitants des quartiers"),
        (
            "rendre accessible une alimentation durable",
            "relocaliser l'alimentation",
            "lutter contre le gaspillage alimentaire",
        ),
    ),
    "mobilite": (
        (
            "Garage solidaire",
            "Auto-école sociale",
            "Transport solidaire",
            "Vélo-école",
            "Plateforme de mobilité",
        ),
        (
            "habitants des zones rurales",
            "demandeurs d'emploi sans véhicule",
            "personnes âgées non motorisées",
            "jeunes sans permis",
        ),
        (
            "lever les freins à la mobilité",
            "proposer des trajets solidaires",
            "apprendre à se déplacer en autonomie",
        ),
    ),
    "transition-ecologique": (
        (
            "Recyclerie",
            "Repair café",
            "Ressourcerie créative",
            "Coopérative d'énergie citoyenne",
            "Atelier vélo participatif",
        ),
        (
            "habitants",
            "ménages en précarité énergétique",
            "écoles et associations",
            "artisans du réemploi",
        ),
        (
            "réduire les déchets par le réemploi",
            "produire une énergie locale et citoyenne",
            "apprendre à réparer plutôt que jeter",
        ),
    ),
    "numerique": (
        (
            "Médiation numérique",
            "Atelier numérique",
            "Recyclerie informatique",
            "Conseillers numériques itinérants",
        ),
        (
            "personnes éloignées du numérique",
            "seniors",
            "demandeurs d'emploi",
            "familles sans ordinateur",
        ),
        (
            "accompagner les démarches en ligne",
            "équiper les familles à petit prix",
            "former aux usages essentiels du numérique",
        ),
    ),
    "culture-sport": (
        (
            "Chorale participative",
            "Club sportif solidaire",
            "Micro-folie",
            "Théâtre forum",
            "Bibliothèque de rue",
        ),
        ("enfants des quartiers", "habitants des villages", "personnes isolées", "adolescents"),
        (
            "rendre la culture accessible à tous",
            "faire du sport un outil d'inclusion",
            "créer ensemble un spectacle",
        ),
    ),
    "acces-aux-droits": (
        (
            "Point justice",
            "Permanence d'accès aux droits",
            "Écrivain public",
            "Maison France services associative",
        ),
        (
            "personnes en situation de non-recours",
            "étrangers primo-arrivants",
            "locataires en difficulté",
            "familles surendettées",
        ),
        (
            "lutter contre le non-recours aux droits",
            "accompagner les démarches administratives",
            "informer chacun de ses droits",
        ),
    ),
    "developpement-territorial": (
        (
            "Épicerie-café de village",
            "Tiers-lieu rural",
            "Coopérative d'activités",
            "Pôle territorial de coopération économique",
        ),
        (
            "habitants des communes rurales",
            "entrepreneurs locaux",
            "élus et associations",
            "jeunes qui veulent s'installer",
        ),
        (
            "maintenir des services en milieu rural",
            "créer des activités et des emplois locaux",
            "coopérer entre acteurs du territoire",
        ),
    ),
}
_NICKNAMES = (
    "La Ruche",
    "Le Relais",
    "Les Communs",
    "L'Escale",
    "La Passerelle",
    "Le Maillon",
    "La Boussole",
    "L'Envol",
    "Le Trait d'union",
    "La Fabrique",
    "Les Liens",
    "Le Chaudron",
    "La Traverse",
    "Les Semeurs",
    "Le Pas de côté",
    "La Main tendue",
    "L'Étincelle",
)
_METHODS = (
    "Des bénévoles formés et des salariés en insertion travaillent côte à côte.",
    "Chaque participant construit son parcours avec un référent unique.",
    "Les habitants décident ensemble des activités, lors d'une assemblée mensuelle.",
    "Le projet s'appuie sur un réseau de partenaires locaux : centres sociaux, mairie, "
    "bailleurs et entreprises du territoire.",
    "Une permanence est ouverte trois jours par semaine, sans rendez-vous.",
    "Les actions se déplacent là où vivent les personnes, avec un véhicule aménagé.",
    "Un comité de suivi réunit les financeurs et les bénéficiaires deux fois par an.",
)
_RESULTS = (
    "{n} personnes accompagnées l'an dernier, dont les deux tiers pour la première fois.",
    "{n} participants réguliers et une liste d'attente qui ne cesse de s'allonger.",
    "Une évaluation menée avec une université montre un effet durable sur l'isolement.",
    "{n} heures de bénévolat chaque année et une dizaine d'emplois créés.",
    "Le modèle a déjà été essaimé dans {k} autres communes.",
)
_NEXT = (
    "Ouvrir un second lieu dans un quartier voisin.",
    "Consolider le modèle économique en diversifiant les recettes.",
    "Former d'autres structures pour essaimer la démarche.",
    "Mesurer l'impact social avec les personnes concernées.",
    "Recruter un coordinateur ou une coordinatrice.",
)
# Organisations: (name prefix, actor types, legal form)
_ORGANISATION_TYPES = (
    ("Association", ("association",), "association"),
    ("Association", ("association", "collectif-citoyen"), "association"),
    ("Fondation", ("fondation", "financeur"), "fondation"),
    ("SCOP", ("cooperative", "entreprise-sociale"), "scop"),
    ("SCIC", ("cooperative",), "scic"),
    ("Entreprise d'insertion", ("entreprise-sociale",), "sas-esus"),
    ("Incubateur", ("accompagnateur",), "association"),
    ("Réseau", ("reseau", "association"), "association"),
    ("Fédération", ("reseau",), "association"),
    ("Mutuelle", ("financeur",), "mutuelle"),
)
_ORGANISATION_NAMES = (
    "Solidarités",
    "Entraide",
    "Horizons",
    "Passerelles",
    "Initiatives",
    "Ensemble",
    "Avenir",
    "Voisinage",
    "Partage",
    "Racines",
    "Tremplin",
    "Archipel",
    "Terres communes",
    "Petits pas",
    "Cœur de ville",
    "Les Ateliers",
    "Nouvelles Pistes",
    "Bien Vivre",
)


class _Weighted:
    """Draw places in proportion to their population."""

    def __init__(self, places: Sequence[Place]):
        self.places = list(places)
        self.cumulative = list(accumulate(max(p.population, 1) for p in self.places))

    def draw(self, rng: random.Random) -> Place:
        return self.places[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def __bool__(self) -> bool:
        return bool(self.places)


@dataclass
class _Map:
    communes: _Weighted
    by_departement: dict[str, _Weighted]
    wider: list[Place]  # régions, départements, EPCI: projects of a whole area

    @classmethod
    def of(cls, places: Sequence[Place]) -> "_Map":
        communes = [p for p in places if p.kind == "commune"]
        by_departement: dict[str, list[Place]] = {}
        for place in communes:
            by_departement.setdefault(place.departement, []).append(place)
        wider = [p for p in places if p.kind in ("region", "departement", "epci")]
        if not communes:  # a map without communes: every place is as good
            communes = [p for p in places if p.kind != "fr"] or list(places)
        return cls(
            _Weighted(communes),
            {code: _Weighted(group) for code, group in by_departement.items()},
            wider,
        )

    def near(self, rng: random.Random, departement: str) -> Place:
        """Mostly a commune of the same département, sometimes anywhere, sometimes a
        whole area."""
        roll = rng.random()
        if roll < 0.08 and self.wider:
            return rng.choice(self.wider)
        if roll < 0.8 and departement in self.by_departement:
            return self.by_departement[departement].draw(rng)
        return self.communes.draw(rng)


def organisations(
    *, count: int, seed: int, places: Sequence[Place], vocabularies: Vocabularies
) -> Iterator[dict]:
    """`count` organisation records, the same for the same seed."""
    rng = random.Random(f"organisations-{seed}")
    world = _Map.of(places)
    actor_types = set(vocabularies.actor_types)
    legal_forms = set(vocabularies.legal_forms)
    for number in range(1, count + 1):
        prefix, types, legal_form = rng.choice(_ORGANISATION_TYPES)
        place = world.communes.draw(rng)
        name = f"{prefix} {rng.choice(_ORGANISATION_NAMES)} {place.name}"
        domain = rng.choice(list(THEMES))
        kinds, people, aims = THEMES[domain]
        yield {
            "ref": _ref(name, seed, number),
            "name": name,
            "actor_types": sorted(t for t in types if t in actor_types),
            "summary": f"{prefix} engagée auprès des {rng.choice(people)} : {rng.choice(aims)}.",
            "description": (
                f"{name} agit depuis {rng.randint(1950, 2024)} à {place.name}.\n\n"
                f"Elle porte notamment des projets de type « {rng.choice(kinds).lower()} » "
                f"et travaille avec les acteurs du territoire pour {rng.choice(aims)}."
            ),
            "territory": place.code,
            "legal_form": legal_form if legal_form in legal_forms else None,
            "website": _website(name),
        }


def projects(
    *,
    count: int,
    seed: int,
    places: Sequence[Place],
    vocabularies: Vocabularies,
    organisations: Sequence[tuple[str, str]] = (),
    draft_share: float = 0.05,
) -> Iterator[dict]:
    """`count` project records, the same for the same seed. `organisations` are
    (ref, département code) pairs: each project is carried by one of them, close to it."""
    rng = random.Random(f"projects-{seed}")
    world = _Map.of(places)
    domains = [d for d in vocabularies.domains if d in THEMES] or list(vocabularies.domains)
    for number in range(1, count + 1):
        main = rng.choice(domains)
        kinds, people, aims = THEMES.get(main, THEMES["cohesion-sociale"])
        organisation, departement = rng.choice(organisations) if organisations else (None, "")
        place = world.near(rng, departement)
        name = _project_name(rng, rng.choice(kinds), place)
        served = rng.choice(people)
        aim = rng.choice(aims)
        year = rng.randint(1995, 2025)
        extra = rng.sample(vocabularies.domains, k=rng.choice((0, 0, 1, 1, 2)))
        yield {
            "ref": _ref(name, seed, number),
            "name": name,
            "summary": f"{aim[0].upper()}{aim[1:]} : un projet pour les {served} de {place.name}.",
            "description": _description(rng, name, place, served, aim, year),
            "domains": sorted({main, *extra}),
            "stage": rng.choice(vocabularies.stages),
            "territory": place.code,
            "organisation": organisation,
            "year_started": year,
            "legal_form": rng.choice(vocabularies.legal_forms),
            "website": _website(name) if rng.random() < 0.6 else "",
            "beneficiaries": f"{served[0].upper()}{served[1:]}",
            "funding_need": rng.choice((None, 5_000, 15_000, 40_000, 120_000, 300_000)),
            "published": rng.random() >= draft_share,
        }


def _ref(name: str, seed: int, number: int) -> str:
    """Unique for a seed and a number, readable in a URL."""
    return f"{slugify(name)[:70].strip('-')}-g{seed}-{number}"


def _website(name: str) -> str:
    return f"https://{slugify(name)[:50].strip('-')}.example.org"


def _project_name(rng: random.Random, kind: str, place: Place) -> str:
    style = rng.random()
    if style < 0.45:
        return f"{kind} de {place.name}"
    if style < 0.8:
        return f"{rng.choice(_NICKNAMES)} – {kind.lower()}"
    return f"{kind} « {rng.choice(_NICKNAMES)} »"


def _description(
    rng: random.Random, name: str, place: Place, served: str, aim: str, year: int
) -> str:
    methods = rng.sample(_METHODS, k=3)
    results = [
        r.format(n=rng.randint(20, 900), k=rng.randint(2, 12)) for r in rng.sample(_RESULTS, k=2)
    ]
    return (
        f"## Pourquoi\n\n{name} est né en {year} à {place.name}, d'un constat partagé par "
        f"les habitants et les associations : les {served} manquaient d'une réponse adaptée "
        f"à leurs besoins. L'ambition du projet est simple : {aim}.\n\n"
        f"## Comment\n\n" + "\n".join(f"- {m}" for m in methods) + "\n\n"
        f"## Résultats\n\n{' '.join(results)}\n\n"
        f"## Et demain\n\n{rng.choice(_NEXT)} Le projet cherche des partenaires "
        f"et des bénévoles prêts à s'engager."
    )

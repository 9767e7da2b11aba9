"""Fictional names for the demo school: varied, some with accents, none of real pupils."""

FORENAMES: tuple[str, ...] = (
    "Tomi", "Ellie", "Zoë", "Łukasz", "Siân", "Oğuz", "Aoife", "Seán", "Chloé", "Amara",
    "Priya", "Arjun", "Mei", "Wei", "Kofi", "Ama", "Chidi", "Ngozi", "Fatima", "Yusuf",
    "Aisha", "Omar", "Zofia", "Jakub", "Elif", "Emre", "Niamh", "Ciarán", "Rhys", "Eleri",
    "Olivia", "George", "Isla", "Harry", "Freya", "Noah", "Ava", "Leo", "Mia", "Oscar",
    "Ruby", "Jack", "Lily", "Theo", "Grace", "Alfie", "Evie", "Arthur", "Poppy", "Finley",
    "Hana", "Kenji", "Sofia", "Mateo", "Lucía", "Inès", "Björn", "Anaïs", "Dóra", "Małgosia",
    "Tadhg", "Bethan", "Ifeoma", "Tunde", "Nia", "Ravi", "Saanvi", "Hamza", "Layla", "Ibrahim",
)

SURNAMES: tuple[str, ...] = (
    "Adebayo", "Baker", "Chen", "Dąbrowski", "Evans", "Fitzgerald", "Green", "Hughes",
    "Iqbal", "Jones", "Kowalski", "Li", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn",
    "Rahman", "Smith", "Taylor", "Uddin", "Vaughan", "Williams", "Xu", "Yılmaz", "Zieliński",
    "Okafor", "Öztürk", "Murphy", "Davies", "Khan", "Singh", "Wang", "Boateng", "Nguyen",
    "Morgan", "Walsh", "Ahmed", "Brown", "Wilson", "Thomas", "Roberts", "Lewis", "Clarke",
    "Núñez", "García", "Schmidt", "Ó Súilleabháin", "Ní Bhriain", "Llewellyn",
)

# Class teachers: (title initial surname, initials, login); the Year 5 class is Miss Webb's.
TEACHERS: tuple[tuple[str, str, str], ...] = (
    ("Mrs A Bell", "AB", "abell"), ("Mr D Hart", "DH", "dhart"), ("Ms R Khan", "RK", "rkhan"),
    ("Mr J Price", "JP", "jprice"), ("Mrs L Davies", "LD", "ldavies"),
    ("Miss K Webb", "KW", "kwebb"), ("Mr S Morris", "SM", "smorris"),
    ("Ms E Nowak", "EN", "enowak"), ("Mr T Okafor", "TO", "tokafor"),
    ("Mrs H Singh", "HS", "hsingh"), ("Miss C Evans", "CE", "cevans"),
    ("Mr P Walsh", "PW", "pwalsh"), ("Mrs F Ahmed", "FA", "fahmed"), ("Mr G Lewis", "GL", "glewis"),
)

TEACHING_ASSISTANTS: tuple[tuple[str, str, str], ...] = (
    ("Mrs J Patel", "JPA", "jpatel"), ("Mr O Mensah", "OM", "omensah"),
    ("Ms N Quinn", "NQ", "nquinn"), ("Mrs B Hughes", "BH", "bhughes"),
)

LEADERS: tuple[tuple[str, str, str], ...] = (
    ("Mrs M Green", "MG", "mgreen"), ("Mr R Vaughan", "RV", "rvaughan"),
)

ADMIN: tuple[str, str, str] = ("Mrs D Clarke", "DC", "dclarke")

ASPIRATIONS: tuple[str, ...] = (
    "Vet", "Footballer", "Engineer", "Doctor", "Teacher", "Astronaut", "Nurse", "Chef",
    "Game designer", "Scientist", "Author", "Pilot", "Architect", "Police officer", "Artist",
)

ATTITUDE_COMMENTS: dict[str, tuple[str, ...]] = {
    "homework": ("Not always completed", "Reading record rarely signed"),
    "uniform": ("Never has PE kit", "Often without a jumper"),
    "effort": ("Needs reminders to stay on task", "Gives up quickly on new work"),
    "behaviour": ("Several yellow cards at lunchtime", "Improving since the new seating plan"),
    "punctuality": ("Often late on Mondays",),
}

NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "Reading": ("Explain how the author builds tension", "Summarise a chapter in three sentences",
                "Find evidence in the text to support an opinion", "Read aloud with expression"),
    "Writing": ("Use commas to mark fronted adverbials", "Link paragraphs with adverbials of time",
                "Spell the Year 5 statutory words", "Use the passive voice for effect"),
    "Maths": ("Read, write and order numbers to 1 000 000", "Find equivalent fractions",
              "Multiply and divide by 10, 100 and 1 000", "Recall times tables to 12 × 12"),
    "Science": ("Plan a fair test and name the variable", "Record results in a table and a graph"),
    "Attitude": ("Hand homework in on time each week", "Bring PE kit every Monday",
                 "Arrive before the bell every day", "Keep on green at lunchtimes"),
}

SUPPORT: tuple[str, ...] = (
    "Focussed teaching with a TA, 3 × 15 minutes a week",
    "Extra home-learning sheet to practise on their own",
    "Daily reading with an adult", "Pre-teaching of new vocabulary before each topic",
)

OVERRIDE_REASONS: tuple[str, ...] = (
    "recent assessment shows little progress this half-term",
    "long absence this half-term", "strong work in class not yet shown in tests",
)

RAISE_NOTES: tuple[str, ...] = (
    "Raised: strong progress last year", "Raised: consistently above the trajectory",
)

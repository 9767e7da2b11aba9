"""Fictional names for the demo school: varied, some with accents, none of real pupils."""

from typing import Any

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

# The lists the demo draws texts from keep their sizes (15 aspirations) or a power of two (1, 2,
# 4, 8, 16): random.Random draws alike for those, so a seed still builds the same school.

# What pupils say they want to be or do, in their own words (any age from Reception up).
ASPIRATIONS: tuple[str, ...] = (
    "To be a vet and look after animals", "To play football for my country",
    "To be an engineer and build bridges", "To be a doctor", "To go into space",
    "To open my own café", "To make computer games", "To be a scientist and find new bugs",
    "To write a book with pictures", "To fly planes", "To design houses", "To be a zookeeper",
    "To swim in the Olympics", "To be a firefighter", "To learn to play the piano",
)

# Comments beside an amber or red attitude colour, by area key (four each).
ATTITUDE_COMMENTS: dict[str, tuple[str, ...]] = {
    "punctuality": ("Often late on Mondays", "Arrives after the register most Fridays",
                    "Late after breakfast club closed", "Late on swimming days"),
    "behaviour": ("Several yellow cards at lunchtime", "Improving since the new seating plan",
                  "Finds sharing in group work hard", "Calls out on the carpet"),
    "effort": ("Needs reminders to stay on task", "Gives up quickly on new work",
               "Rushes work to finish first", "Quiet in group work, needs encouraging"),
    "homework": ("Not always completed", "Reading record rarely signed",
                 "Spellings not practised at home", "Handed in late most weeks"),
    "uniform": ("Never has PE kit", "Often without a jumper", "Trainers instead of school shoes",
                "No book bag most days"),
}

ATTITUDE_NEXT_STEPS: tuple[str, ...] = (
    "Hand homework in on time each week", "Bring PE kit every Monday",
    "Arrive before the bell every day", "Keep on green at lunchtimes",
    "Read at home with an adult three times a week", "Put a hand up before answering",
    "Bring a book bag every day", "Tidy their table before home time",
)

# Next steps for a stage the criteria bank (data/criteria) has no list for, by stage band
# (see `band`); "" holds those for any subject.
BAND_NEXT_STEPS: dict[str, dict[str, tuple[str, ...]]] = {
    "Reception": {
        "Reading": ("Say the sound each letter makes", "Blend three sounds to read a word",
                    "Join in with a repeated refrain in a story", "Retell a story in order"),
        "Writing": ("Hold a pencil with a tripod grip", "Write their own name",
                    "Write a label for a picture", "Write a word by sounding it out"),
        "Maths": ("Count objects to 10, touching each one", "Recognise numbers to 10",
                  "Say one more than a number to 10", "Name circles, squares and triangles"),
        "Science": ("Talk about what they see in the garden", "Sort things that float and sink",
                    "Name the parts of a plant", "Say how the weather changes"),
        "": ("Talk about a picture in a full sentence", "Take turns in a small group",
             "Tidy up their own things", "Listen to a story without interrupting"),
    },
    "KS3": {
        "Reading": ("Compare how two writers present the same theme",
                    "Comment on the effect of the writer's structure",
                    "Use quotations to support a point", "Explain the writer's viewpoint"),
        "Writing": ("Vary sentence openings for effect", "Plan an argument with a counter-point",
                    "Use semi-colons to link clauses", "Adapt the style to the audience"),
        "Maths": ("Solve linear equations with unknowns on both sides",
                  "Use ratio to share an amount", "Work with negative indices",
                  "Find the nth term of a linear sequence"),
        "Science": ("Write a hypothesis and test it", "Explain the particle model of matter",
                    "Balance a word equation", "Calculate speed from distance and time"),
        "": ("Revise with a self-made quiz each week", "Explain an answer in full sentences",
             "Use the key vocabulary of the topic", "Plan an answer before writing it"),
    },
    "": {
        "": ("Explain their reasoning in full sentences", "Check their work before handing in",
             "Use the key vocabulary of the topic", "Ask for help when stuck"),
    },
}


def band(stage: int) -> str:
    """The stage band a built-in next step is chosen from: Reception (0), KS3 (7 up), else ""."""
    return "Reception" if stage == 0 else "KS3" if stage >= 7 else ""


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

GIRLS: frozenset[str] = frozenset((
    "Ellie", "Zoë", "Siân", "Aoife", "Chloé", "Amara", "Priya", "Mei", "Ama", "Ngozi", "Fatima",
    "Aisha", "Zofia", "Elif", "Niamh", "Eleri", "Olivia", "Isla", "Freya", "Ava", "Mia", "Ruby",
    "Lily", "Grace", "Evie", "Poppy", "Hana", "Sofia", "Lucía", "Inès", "Anaïs", "Dóra",
    "Małgosia", "Bethan", "Ifeoma", "Nia", "Saanvi", "Layla",
))


def gender(forename: str) -> str:
    """The demo roster's gender column (F or M), from the fictional forename."""
    return "F" if forename in GIRLS else "M"


PROGRAMME_BANK: tuple[dict[str, Any], ...] = (
    {"name": "Phonics catch-up", "subject": "Reading",
     "description": "Focussed teaching with a TA, 3 × 15 minutes a week", "per_week": 3,
     "minutes": 15, "exit_criterion": "Back on track in reading for two half-terms"},
    {"name": "Maths booster", "subject": "Maths",
     "description": "Focussed teaching with a TA, 3 × 15 minutes a week", "per_week": 3,
     "minutes": 15, "exit_criterion": "Back on track in maths for two half-terms"},
    {"name": "Additional home-learning sheet", "subject": "Maths",
     "description": "A weekly sheet to practise independently at home", "per_week": 1,
     "minutes": 20, "exit_criterion": "Green for homework and maths progress for a half-term"},
    {"name": "Reading buddies", "subject": "Reading",
     "description": "Reads aloud to an older pupil, 2 × 20 minutes a week", "per_week": 2,
     "minutes": 20, "exit_criterion": "Reads at home five times a week for a half-term"},
    {"name": "Soft start", "subject": "Punctuality",
     "description": "A breakfast-club place and a job on arrival", "per_week": 5,
     "minutes": 15, "exit_criterion": "Punctuality green for a half-term"},
    {"name": "Writing workshop", "subject": "Writing",
     "description": "Small-group sentence work with the class teacher, 2 × 30 minutes a week",
     "per_week": 2, "minutes": 30, "exit_criterion": "Back on track in writing for two "
     "half-terms"},
)
PROGRAMME_DAYS: dict[str, list[int]] = {
    "Phonics catch-up": [0, 2, 4], "Maths booster": [0, 2, 4],
    "Additional home-learning sheet": [3]}
ABSENCE_REASONS: tuple[str, ...] = ("Ill", "In another lesson", "On a school trip",
                                    "Left school early", "Music lesson")
REVIEW_CHANGES: dict[str, str] = {
    "effective": "Keep as it is; two pupils may be ready to leave at the next review",
    "partly": "Move to shorter, daily sessions and share the sheet with parents",
    "not": "Stop the group sessions; try one-to-one reading with the class teacher",
}

# The high school's form tutors, in the order of its forms (7A, 8A … 11A, then 7B …), and its
# heads of year (Year 7 to Year 11), who are its senior leaders.
TUTORS: tuple[tuple[str, str, str], ...] = (
    ("Mr A Fletcher", "AF", "afletcher"), ("Ms B Osei", "BO", "bosei"),
    ("Mrs C Lindqvist", "CL", "clindqvist"), ("Ms D Kaur", "DK", "dkaur"),
    ("Mr E Byrne", "EB", "ebyrne"), ("Miss F Haddad", "FH", "fhaddad"),
    ("Mr G Novak", "GN", "gnovak"), ("Mrs H Adeyemi", "HA", "hadeyemi"),
    ("Mr I Rossi", "IR", "irossi"), ("Ms J Tanaka", "JT", "jtanaka"),
)

HEADS_OF_YEAR: tuple[tuple[str, str, str], ...] = (
    ("Mrs P Ellis", "PE", "pellis"), ("Mr K Barnes", "KB", "kbarnes"),
    ("Ms S Mahmood", "SMA", "smahmood"), ("Mr W Doyle", "WD", "wdoyle"),
    ("Mrs Y Castillo", "YC", "ycastillo"),
)

# The high school's half-term tests: each core subject's sections, over its criteria in order.
TEST_SECTIONS: dict[str, tuple[str, ...]] = {
    "Maths": ("Number", "Geometry", "Statistics"),
    "English": ("Reading", "Writing", "Grammar"),
    "Science": ("Knowledge", "Working scientifically"),
}

"""Word lists for the synthetic suite: people, objects, places. Plain data, no logic."""

# (name, subject pronoun, possessive pronoun, object pronoun)
PEOPLE = [
    ("Ava", "she", "her", "her"), ("Ben", "he", "his", "him"), ("Carla", "she", "her", "her"),
    ("Dev", "he", "his", "him"), ("Elena", "she", "her", "her"), ("Farid", "he", "his", "him"),
    ("Grace", "she", "her", "her"), ("Hugo", "he", "his", "him"), ("Ines", "she", "her", "her"),
    ("Jamal", "he", "his", "him"), ("Keiko", "she", "her", "her"), ("Liam", "he", "his", "him"),
    ("Maya", "she", "her", "her"), ("Nikhil", "he", "his", "him"), ("Olga", "she", "her", "her"),
    ("Pedro", "he", "his", "him"), ("Quinn", "she", "her", "her"), ("Rafael", "he", "his", "him"),
    ("Sofia", "she", "her", "her"), ("Tomas", "he", "his", "him"), ("Uma", "she", "her", "her"),
    ("Victor", "he", "his", "him"), ("Wen", "she", "her", "her"), ("Xavier", "he", "his", "him"),
    ("Yara", "she", "her", "her"), ("Zane", "he", "his", "him"), ("Amara", "she", "her", "her"),
    ("Bruno", "he", "his", "him"), ("Chloe", "she", "her", "her"), ("Diego", "he", "his", "him"),
    ("Emma", "she", "her", "her"), ("Felix", "he", "his", "him"), ("Hana", "she", "her", "her"),
    ("Ivan", "he", "his", "him"), ("Julia", "she", "her", "her"), ("Kofi", "he", "his", "him"),
    ("Lucia", "she", "her", "her"), ("Mateo", "he", "his", "him"), ("Nora", "she", "her", "her"),
    ("Omar", "he", "his", "him"),
]

# (singular, plural) of countable things a person collects, bakes or sells
ITEMS = [
    ("apple", "apples"), ("marble", "marbles"), ("sticker", "stickers"), ("cookie", "cookies"),
    ("pencil", "pencils"), ("stamp", "stamps"), ("seashell", "seashells"), ("cupcake", "cupcakes"),
    ("card", "cards"), ("egg", "eggs"), ("orange", "oranges"), ("book", "books"), ("toy car", "toy cars"),
    ("bracelet", "bracelets"), ("candle", "candles"), ("muffin", "muffins"), ("lemon", "lemons"),
    ("balloon", "balloons"), ("comic", "comics"), ("plant", "plants"),
]

# what a business makes: (subject, singular, plural)
FACTORIES = [
    ("A bakery", "loaf", "loaves"), ("A toy factory", "toy", "toys"), ("A print shop", "poster", "posters"),
    ("A farm", "egg", "eggs"), ("A workshop", "chair", "chairs"), ("A candle maker", "candle", "candles"),
    ("A machine", "bottle", "bottles"), ("A bottling plant", "bottle", "bottles"),
]

RECEIVERS = ["a charity", "the school", "a neighbor", "the library", "a food bank"]

THINGS_TO_BUY = [
    ("a new backpack", "backpack"), ("a pair of shoes", "pair of shoes"), ("a board game", "board game"),
    ("a concert ticket", "concert ticket"), ("a bike lamp", "bike lamp"), ("a jacket", "jacket"),
    ("art supplies", "art kit"), ("a video game", "video game"),
]

JOBS = ["walking dogs", "babysitting", "mowing lawns", "tutoring", "washing cars", "selling lemonade",
        "delivering newspapers", "helping at a cafe"]

# (verb phrase, vehicle, lowest and highest speed in km per hour, a multiple of 4)
VEHICLES = [("drives", "car", 40, 120), ("cycles", "bike", 8, 32), ("rides the train", "train", 60, 160),
            ("rides a scooter", "scooter", 12, 40)]

FOODS = [("pancakes", "flour"), ("muffins", "sugar"), ("bread", "flour"), ("cookies", "butter"),
         ("soup", "lentils"), ("a cake", "milk"), ("waffles", "oats"), ("granola", "honey")]

"""Vocabulary for the synthetic Rakuten France product-listing generator.

27 product type codes (Rakuten France multimodal product classification challenge).
Templates are ``str.format``-style strings whose ``{placeholders}`` name a key of the
category's own ``slots``, of ``SHARED``, of ``NUMERIC`` (integers drawn by the
generator), or ``{titre}`` (descriptions only: the listing's title).

Related categories draw on the same ``SHARED`` lists on purpose (books / book lots /
magazines, consoles / games / accessories / PC games, toys / games / outdoor games /
model making, furniture / garden furniture / decoration / linen, ...), because the real
catalogue overlaps in exactly that way.  Slot values never contain placeholders.
"""
from __future__ import annotations


def _v(s: str) -> list[str]:
    """Split a ``|``-separated block into distinct, whitespace-normalised values."""
    out: list[str] = []
    for x in s.split("|"):
        x = " ".join(x.split())
        if x and x not in out:
            out.append(x)
    return out


def _t(s: str) -> list[str]:
    """One template per non-empty line."""
    return [" ".join(line.split()) for line in s.strip().splitlines() if line.strip()]


NAMES: dict[int, str] = {
    10: "Livres d'occasion",
    40: "Jeux consoles neufs",
    50: "Accessoires gaming",
    60: "Consoles de jeux",
    1140: "Figurines pop culture",
    1160: "Cartes de jeux",
    1180: "Jeux de rôle et figurines",
    1280: "Jouets enfant",
    1281: "Jeux enfant",
    1300: "Modélisme",
    1301: "Chaussettes et chaussons bébé",
    1302: "Jeux de plein air",
    1320: "Puériculture",
    1560: "Mobilier",
    1920: "Linge de maison",
    1940: "Épicerie",
    2060: "Décoration",
    2220: "Animalerie",
    2280: "Journaux et revues d'occasion",
    2403: "Lots de livres et magazines",
    2462: "Jeux vidéo d'occasion",
    2522: "Papeterie",
    2582: "Mobilier de jardin",
    2583: "Piscine et accessoires",
    2585: "Outillage de jardin",
    2705: "Livres neufs",
    2905: "Jeux PC",
}

# Integer placeholders the generator draws itself (inclusive ranges).
NUMERIC: dict[str, tuple[int, int]] = {
    "n": (2, 30),             # small count: lot size, tome, players, pieces of a set
    "annee": (1950, 2024),    # year of edition / release / issue
    "ref": (10000, 999999),   # seller or manufacturer reference
    "prix": (2, 300),         # price in euros
    "num": (1, 999),          # issue number, collection number, catalogue number
    "cm": (10, 250),          # a dimension in cm
    "cm2": (10, 250),         # a second dimension in cm
    "pages": (40, 900),       # number of pages
    "pieces": (50, 3000),     # puzzle / construction set pieces
    "poids": (50, 2000),      # weight in grams
    "isbn": (9782000000000, 9782999999999),  # French ISBN-13 / EAN
    "jour": (1, 28),          # day of month
    "mm": (1, 12),            # month number
    "pct": (5, 70),           # a percentage (discount, composition)
    "watt": (300, 3000),      # power in W
}

SHARED: dict[str, list[str]] = {}

# ---------------------------------------------------------------------------
# Generic listing language (all categories)
# ---------------------------------------------------------------------------
SHARED["etat"] = _v("""
Neuf | neuf | NEUF | Neuf sous blister | Neuf jamais servi | Neuf dans sa boîte | Neuf avec étiquette |
Produit neuf | état neuf | Comme neuf | comme neuf | Occasion | occasion | Occasion - Très bon état |
Occasion - Bon état | Occasion - Etat correct | Occasion - Comme neuf | Très bon état | très bon état |
Bon état | bon état général | TBE | BE | Etat correct | état d'usage | quelques traces d'usure |
légères traces d'utilisation | reconditionné | Reconditionné Grade A | Used - Very Good | Used - Good |
Very good condition | Brand new | New | New in box | Neuf - Fin de série | Déstockage | Article de vitrine |
emballage d'origine abîmé | servi une fois | peu servi | jamais utilisé | vendu en l'état | à réviser
""")

SHARED["livraison"] = _v("""
Livraison rapide | Expédié sous 48h | Expédié sous 24h | Envoi soigné | Envoi rapide et soigné |
Expédition sous 24h | Envoi en Colissimo suivi | Envoi en lettre suivie | Livraison gratuite |
Livraison offerte dès 49€ | Expédié depuis la France | Fast shipping | Ships from France |
Free shipping | Worldwide shipping | Retour gratuit sous 30 jours | Envoi protégé sous bulle |
Remise en main propre possible | Stock en France | Satisfait ou remboursé | Paiement sécurisé |
Expédition le jour même pour toute commande avant 14h | Livraison en 2 à 5 jours ouvrés |
Mondial Relay possible | Envoi suivi avec numéro de suivi | Facture disponible sur demande |
Garantie 2 ans | Livraison 7 à 15 jours | Délai de livraison 10-20 jours | Envoi depuis l'entrepôt européen |
Livraison express disponible | Retrait en magasin possible | Expédition sous 3 jours ouvrés |
Emballage discret | Colis suivi et assuré | Livraison en point relais | Frais de port offerts |
Envoi groupé possible | Vendeur professionnel | Vendeur particulier | Expédition soignée en carton renforcé |
Shipped within 24 hours | Delivery 7-20 working days | Fast delivery | TVA récupérable
""")

SHARED["bruit"] = _v("""
!!! | *** | NEUF | Promo | PROMO | -50% | -30% | Top Vente | Idée cadeau | Cadeau Noël | Nouveauté |
Hot | HOT SALE | Fr | Prix choc | Destockage | Livraison gratuite | 2024 | 2023 | New | Offre spéciale |
Soldes | Qualité premium | Lot | Original | Rare | Collector | Vintage | Grande taille | Haute qualité |
Meilleure vente | Exclusivité | Stock limité | Made in France | France | Pas cher | Cadeau | Top |
Free Shipping | 100% Neuf | Garanti | Authentique | Officiel | Licence officielle | Edition limitée
""")

SHARED["phrase_en"] = _v("""
High quality material | Perfect gift for kids | Safe and non-toxic | Easy to assemble |
100% brand new and high quality | Color: as picture shown | Please allow 1-3cm error due to manual measurement |
Due to the different display, the color may be slightly different | Durable and sturdy |
Lightweight and portable | Suitable for indoor and outdoor use | Package includes: 1 x item |
Easy to clean | Great gift for friends and family | Material: plastic | Material: cotton |
Satisfaction guaranteed | Fashion design | Eco-friendly material | Multifunctional |
No retail box, packed safely | Product size: see description | Environmentally friendly |
Soft and comfortable | Waterproof and durable | Ideal for home decoration | Brand new, never used |
Item type: home and garden | Please check the size before buying | Wide application |
Perfect for birthdays and Christmas | Package content: as shown in the picture |
Premium quality, long lasting | Fits most models | Quantity: 1 piece | Style: modern |
Specifications | Features | Note: no retail package
""")

SHARED["mois"] = _v("""
janvier | février | mars | avril | mai | juin | juillet | août | septembre | octobre | novembre | décembre |
Janvier | Février | Mars | Avril | Mai | Juin | Juillet | Août | Septembre | Octobre | Novembre | Décembre
""")

# ---------------------------------------------------------------------------
# House, furniture, garden (1560, 2582, 2060, 1920, 2583, 2585, 2220 ...)
# ---------------------------------------------------------------------------
SHARED["couleur"] = _v("""
blanc | noir | gris | gris anthracite | gris clair | anthracite | beige | taupe | bleu marine | bleu |
bleu canard | bleu ciel | bleu nuit | vert | vert sapin | vert olive | vert d'eau | vert sauge | menthe |
rouge | bordeaux | rose | rose poudré | fuchsia | jaune | jaune moutarde | orange | marron | chocolat |
ivoire | crème | naturel | bois naturel | chêne clair | noyer | argent | argenté | doré | or | cuivre |
bronze | multicolore | turquoise | violet | prune | lilas | corail | écru | lin | sable | kaki | terracotta |
terre cuite | blanc cassé | White | Black | Grey | Blue | Pink | Red | Green | Beige | transparent |
noir et blanc | bleu et blanc | rouge et noir | gris et blanc | camel | cognac | champagne | pastel
""")

SHARED["matiere"] = _v("""
bois massif | pin massif | chêne massif | chêne | hêtre | acacia | teck | eucalyptus | bambou | rotin |
osier | manguier | sapin | MDF | panneau de particules | contreplaqué | métal | acier | acier galvanisé |
aluminium | fer forgé | inox | acier inoxydable | verre trempé | verre | plastique | résine | résine tressée |
polypropylène | PVC | polyrotin | coton | 100% coton | coton bio | lin | lin lavé | polyester | microfibre |
velours | velours côtelé | satin de coton | percale | flanelle | polaire | laine | jute | sisal | céramique |
porcelaine | grès | faïence | marbre | béton | cuir | similicuir | simili cuir | tissu | textilène |
silicone | liège | papier | carton | feutrine | zinc | laiton | terre cuite | plexiglas | ABS
""")

SHARED["dimension"] = _v("""
40 x 40 cm | 45x45cm | 45 x 45 cm | 50 x 50 cm | 50 x 70 cm | 60 x 60 cm | 60 x 120 cm | 140 x 190 cm |
140x200 | 160 x 200 cm | 180x200 | 200 x 200 cm | 240 x 220 cm | 240x260 cm | 260 x 240 cm |
L 120 x P 60 x H 75 cm | 90x190 | 90 x 200 cm | 30 x 40 cm | Ø 30 cm | Ø 40 cm | diam. 60 cm |
120x80x75cm | L180 cm | H 150 cm | 100 x 150 cm | 65 x 65 cm | 50x30x20 cm | 2 x 3 m | 3x4m | 3 x 3 m |
80 x 200 cm | L 200 x l 90 cm | 70 x 140 cm | 120 x 170 cm | 160 x 230 cm | 200 x 290 cm | 150 x 200 cm |
130 x 180 cm | 35 x 35 cm | 30x50cm | 60x40x45 cm | L 160 cm | H 180 x L 80 x P 40 cm | 76 x 46 cm |
Ø 80 cm | 100 x 100 cm | 140 x 240 cm | 145 x 260 cm | 20 x 30 cm | 13 x 18 cm | 10x15 | 21 x 29,7 cm |
H 75 cm | 180 x 90 x 74 cm | 220 x 100 cm | 4 x 3 m | 3 x 6 m | 2,5 x 2,5 m
""")

SHARED["style"] = _v("""
scandinave | industriel | vintage | contemporain | moderne | rustique | bohème | bohème chic |
campagne chic | baroque | design | rétro | art déco | classique | loft | nordique | shabby chic | zen |
ethnique | colonial | exotique | minimaliste | tropical | japandi | provençal | champêtre | romantique |
montagne | bord de mer | marin | chalet | atelier | Louis XV | Louis XVI | néo-classique | style anglais |
oriental | marocain | indien | boho | cosy | chic | épuré | brutaliste | mid-century | années 50 | années 70
""")

SHARED["piece"] = _v("""
salon | chambre | cuisine | salle à manger | salle de bain | bureau | entrée | chambre d'enfant |
chambre bébé | terrasse | jardin | balcon | véranda | séjour | dressing | couloir | buanderie | cave |
garage | studio | mezzanine | grenier | chambre d'amis | pièce à vivre | coin lecture | salle de jeux
""")

SHARED["motif"] = _v("""
uni | rayé | à rayures | à carreaux | vichy | fleuri | à fleurs | géométrique | tropical | feuillage |
étoiles | chevrons | pied-de-poule | tie and dye | ethnique | imprimé animal | léopard | zèbre | marbré |
pois | à pois | cachemire | paisley | arabesque | damassé | jacquard | liberty | scandinave | abstrait |
végétal | palmiers | flamant rose | mandala | graphique | aquarelle | écossais | tartan | toile de Jouy
""")

SHARED["forme"] = _v("""
rond | ronde | carré | carrée | rectangulaire | ovale | hexagonal | octogonal | demi-lune | en L |
en U | arrondi | ovale extensible | triangulaire | cœur | étoile | cylindrique | goutte
""")

SHARED["marque_maison"] = _v("""
VidaXL | vidaXL | Homcom | HOMCOM | Maisons du Monde | Alinea | Conforama | But | IKEA | Atmosphera |
Kave Home | Vente-unique | Paris Prix | Pegane | Songmics | Vasagle | VASAGLE | Costway | Toilinux |
Home Deco Factory | Linvosges | Blanc des Vosges | Tradilinge | Becquet | Essix | Carré Blanc | Sensei |
Dodo | Anne de Solène | Douceur d'Intérieur | Today | Soleil d'Ocre | Lovely Casa | Tex Home |
Olivier Desforges | Yves Delorme | Descamps | Le Jacquard Français | Garnier-Thiebaut | Winkler |
Bleu Câlin | Abeil | Dreamea | Idmarket | Altobuy | Kasalinea | Declikdeco | Miliboo | Drawer |
Habitat | La Redoute Intérieurs | AM.PM | Gautier | Parisot | Demeyere | Chicmic | Sklum | Woltu |
Relaxdays | Beliani | Hülsta | Tousmesmeubles | Cotecosy | Menzzo | 3 Suisses | Camif | Cimmerman |
Zodio | Sia | Edelman | Kaemingk | Lumineo | J-Line | Bloomingville | Madam Stoltz | Present Time |
Karlsson | Amadeus | Kare Design | Pomax | Hübsch | Jardin d'Ulysse | Comptoir de Famille
""")

SHARED["marque_jardin"] = _v("""
Gardena | GARDENA | Fiskars | Bosch | Black+Decker | Black & Decker | Ryobi | RYOBI | Makita | Greenworks |
Einhell | Stihl | STIHL | Husqvarna | McCulloch | Wolf-Garten | Worx | WORX | Hozelock | Outsunny |
Hespéride | Hesperide | Keter | Allibert | Grosfillex | Fermob | Jardiline | Proloisirs | Lafuma |
Intex | Bestway | Gré | Zodiac | Kärcher | Karcher | Leborgne | Cap Vert | Geolia | Sterwins |
Naterial | Blooma | vidaXL | Garden Impressions | Kettler | Ubbink | Castorama | Leroy Merlin |
Jardimex | Hyundai | Scheppach | Parkside | Titan | Truper | Spear & Jackson | Burgon & Ball |
Oviala | Concept Usine | Dehner | Siena Garden | Hartman | Beauty Garden | Mobilier Deco |
Alice's Garden | Sunnydays | Habitat et Jardin | DCB Garden | Ribiland
""")

# ---------------------------------------------------------------------------
# Children: toys, games, outdoor, model making, baby (1280, 1281, 1302, 1300, 1320, 1301)
# ---------------------------------------------------------------------------
SHARED["age"] = _v("""
dès 3 ans | à partir de 3 ans | 3 ans et + | +3 ans | dès 18 mois | 6-10 ans | 8 ans et plus | 4+ |
3+ | 6+ | 8+ | à partir de 6 ans | 5 ans + | dès 2 ans | 10 ans et + | 14+ | 7-12 ans | 12 mois + |
Ages 3+ | de 3 à 8 ans | dès 10 mois | 2-5 ans | 4-8 ans | dès 4 ans | dès 5 ans | dès 7 ans |
à partir de 8 ans | 9 ans + | 12 ans et + | 18 mois - 3 ans | 1 an + | adulte | ado | 7+ | 10+ | 16+ |
enfant 3-6 ans | 5-12 ans | Age: 3 ans et plus | tout âge
""")

SHARED["age_bebe"] = _v("""
dès la naissance | 0-6 mois | 0-12 mois | 6-36 mois | 0-4 ans | de 0 à 3 ans | 9-18 kg | 15-36 kg |
nouveau-né | dès 4 mois | dès 6 mois | jusqu'à 3 ans | 0+ | 0-36 mois | naissance à 12 mois |
0-18 kg | 0-13 kg | 6 mois à 4 ans | 3-12 mois | 12-36 mois | bébé | naissance
""")

SHARED["marque_jouet"] = _v("""
Lego | LEGO | Playmobil | PLAYMOBIL | Mattel | Hasbro | Vtech | VTech | Fisher-Price | Smoby | Janod |
Djeco | Vilac | Hape | Chicco | Clementoni | Ravensburger | Goliath | Asmodee | Spin Master | Bandai |
Moose Toys | Ecoiffier | Simba | Majorette | Hot Wheels | Bburago | Maisto | Revell | Tamiya | Schleich |
Papo | Little Tikes | Step2 | Berchet | Corolle | Nenuco | Baby Born | Zapf Creation | Sylvanian Families |
Bruder | Siku | Tomy | Melissa & Doug | Lansay | Dujardin | IMC Toys | Gipsy | Sambro | Grimm's |
Plan Toys | PlanToys | Kapla | Meccano | Vulli | Infantino | Bontempi | Reig | Crayola | Play-Doh |
Gigamic | Haba | HABA | Jumbo | Bioviva | Educa | Nathan | Lexibook | Oxybul | Wader | Plum | Hudora |
Jouéclub | Giochi Preziosi | Famosa | Canal Toys | Silverlit | Ycoo | Mega Bloks | Megablocks | Kidiz |
Vertbaudet | Goki | Bigjigs | Ulysse | Mgm | Jemini | Warner Bros | Disney | Nintendo | Funko |
Zuru | MGA Entertainment | Flair | Splash Toys | Auldey | Sun & Sport
""")

SHARED["licence_enfant"] = _v("""
Pat' Patrouille | Pat Patrouille | Paw Patrol | Peppa Pig | Gabby et la maison magique | Bluey | Miraculous |
Ladybug | Pyjamasques | Spidey | Cars | La Reine des Neiges | Reine des Neiges | Frozen | Minnie | Mickey |
Winnie l'Ourson | T'choupi | Tchoupi | Trotro | Petit Ours Brun | Masha et Michka | Oui-Oui | Barbapapa |
Les Minions | Sam le pompier | Lilo et Stitch | Stitch | Princesses Disney | Encanto | Toy Story |
Super Wings | Blaze et les Monster Machines | Licorne | Dinosaures | Pokémon | Super Mario | Sonic |
Harry Potter | Spider-Man | Avengers | Hello Kitty | Sophie la girafe | Pierre Lapin | Le Petit Prince |
Babar | Caillou | Dora l'exploratrice | Bob l'éponge | Les Schtroumpfs | Barbie | Hot Wheels |
Cocomelon | Baby Shark | Simba le Roi Lion | Vaiana | Raiponce | Cendrillon | La Petite Sirène |
Mon Petit Poney | LOL Surprise | Pinocchio | Tom et Jerry | Les Aristochats | Le Livre de la Jungle
""")

SHARED["franchise_pop"] = _v("""
Marvel | DC Comics | Star Wars | Harry Potter | Dragon Ball Z | Dragon Ball Super | One Piece | Naruto |
Naruto Shippuden | My Hero Academia | Demon Slayer | Kimetsu no Yaiba | L'Attaque des Titans |
Attack on Titan | Le Seigneur des Anneaux | Lord of the Rings | Game of Thrones | House of the Dragon |
Stranger Things | The Walking Dead | Disney | Pixar | Toy Story | La Reine des Neiges | Pokémon |
Super Mario | Zelda | Sonic | Les Simpson | The Simpsons | Retour vers le futur | Star Trek | Alien |
Predator | Terminator | Jurassic Park | Ghostbusters | SOS Fantômes | Saint Seiya | Les Chevaliers du Zodiaque |
Goldorak | Albator | Cobra | Sailor Moon | Evangelion | Jujutsu Kaisen | Hunter x Hunter |
Fullmetal Alchemist | Bleach | Death Note | Spider-Man | Batman | Avengers | X-Men | Transformers |
Tortues Ninja | Astérix | Tintin | Looney Tunes | Scooby-Doo | Warhammer 40K | The Mandalorian |
Chainsaw Man | Spy x Family | Tokyo Revengers | Fairy Tail | Berserk | Ghibli | Totoro | Le Voyage de Chihiro |
Hellboy | Joker | Wednesday | Mercredi | Squid Game | The Witcher | Fortnite | Minecraft | Halo | Overwatch |
Street Fighter | Resident Evil | Final Fantasy | Kingdom Hearts | Metal Gear Solid | Doctor Who |
Le Hobbit | Les Animaux Fantastiques | Indiana Jones | Matrix | Rick et Morty | South Park | Futurama |
Les Maîtres de l'Univers | Masters of the Universe | G.I. Joe | Power Rangers | Gundam | Ken le Survivant |
Dune | Blade Runner | Capitaine Flam | Ulysse 31 | Les Mystérieuses Cités d'Or | Tokyo Ghoul
""")

SHARED["personnage"] = _v("""
Goku | Son Goku | Vegeta | Gohan | Freezer | Trunks | Luffy | Monkey D. Luffy | Zoro | Roronoa Zoro | Sanji |
Nami | Shanks | Ace | Naruto | Sasuke | Itachi | Kakashi | Jiraiya | Pikachu | Dracaufeu | Évoli | Ronflex |
Mario | Luigi | Yoshi | Bowser | Peach | Link | Zelda | Ganondorf | Sonic | Tails | Spider-Man | Iron Man |
Captain America | Thor | Hulk | Black Panther | Thanos | Groot | Batman | Joker | Harley Quinn | Superman |
Wonder Woman | Wolverine | Deadpool | Dark Vador | Darth Vader | Yoda | Grogu | Baby Yoda | Boba Fett |
Stormtrooper | Chewbacca | Luke Skywalker | R2-D2 | Harry Potter | Hermione | Ron Weasley | Dumbledore |
Hagrid | Voldemort | Dobby | Gandalf | Frodon | Gollum | Aragorn | Legolas | Jon Snow | Daenerys |
Eleven | Rick Grimes | Mickey | Minnie | Stitch | Elsa | Anna | Olaf | Buzz l'Éclair | Woody | Homer Simpson |
Bart Simpson | Tanjiro | Nezuko | Zenitsu | Eren Jäger | Livai | Mikasa | Deku | All Might | Bakugo |
Gojo Satoru | Itadori | Seiya | Goldorak | Hello Kitty | Snoopy | Garfield | Milou | Obélix | Gaston Lagaffe |
Totoro | Vash | Ichigo | Light Yagami | Ryuk | L | Edward Elric | Gon | Kirua | Kenshiro | Albator |
Master Chief | Kratos | Lara Croft | Geralt | Cloud Strife | Sephiroth | Crash Bandicoot | Spyro | Kirby |
Donkey Kong | Pac-Man | Mewtwo | Rondoudou | Carapuce | Bulbizarre | Salamèche | Marty McFly | Doc Brown |
Ghostface | Freddy Krueger | Jason Voorhees | Michael Myers | Chucky | Pennywise | Beetlejuice | Jack Skellington
""")

# ---------------------------------------------------------------------------
# Books and magazines (10, 2705, 2403, 2280)
# ---------------------------------------------------------------------------
SHARED["auteur"] = _v("""
Victor Hugo | Émile Zola | Emile Zola | Gustave Flaubert | Honoré de Balzac | Stendhal | Guy de Maupassant |
Alexandre Dumas | Jules Verne | Albert Camus | Jean-Paul Sartre | Simone de Beauvoir | Marguerite Duras |
Marcel Proust | Louis-Ferdinand Céline | Antoine de Saint-Exupéry | Marcel Pagnol | Colette | George Sand |
Molière | Jean Racine | Pierre Corneille | Voltaire | Jean de La Fontaine | Charles Baudelaire |
Arthur Rimbaud | Paul Verlaine | Guillaume Apollinaire | Jacques Prévert | Boris Vian | Raymond Queneau |
Françoise Sagan | Marguerite Yourcenar | Romain Gary | Émile Ajar | Georges Simenon | Agatha Christie |
Arthur Conan Doyle | Maurice Leblanc | Gaston Leroux | Frédéric Dard | San-Antonio | Patrick Modiano |
Annie Ernaux | J.M.G. Le Clézio | Michel Houellebecq | Amélie Nothomb | Marc Levy | Guillaume Musso |
Joël Dicker | Fred Vargas | Michel Bussi | Bernard Minier | Franck Thilliez | Jean-Christophe Grangé |
Maxime Chattam | Pierre Lemaitre | Leïla Slimani | Virginie Grimaldi | Mélissa Da Costa | Valérie Perrin |
Aurélie Valognes | Françoise Bourdin | Katherine Pancol | Anna Gavalda | Muriel Barbery | Delphine de Vigan |
Éric-Emmanuel Schmitt | Bernard Werber | Christian Signol | Danielle Steel | Mary Higgins Clark |
Stephen King | Dan Brown | Ken Follett | John Grisham | Harlan Coben | Michael Connelly | James Patterson |
Lee Child | Jo Nesbø | Stieg Larsson | Camilla Läckberg | Henning Mankell | Elena Ferrante | Paulo Coelho |
Haruki Murakami | Umberto Eco | Gabriel García Márquez | Carlos Ruiz Zafón | J.K. Rowling | J.R.R. Tolkien |
George R.R. Martin | Suzanne Collins | Stephenie Meyer | Rick Riordan | Christopher Paolini | Philip Pullman |
Roald Dahl | C.S. Lewis | Isaac Asimov | Frank Herbert | Philip K. Dick | Ray Bradbury | George Orwell |
Aldous Huxley | Ernest Hemingway | John Steinbeck | F. Scott Fitzgerald | Jane Austen | Charlotte Brontë |
Emily Brontë | Charles Dickens | Oscar Wilde | Léon Tolstoï | Fiodor Dostoïevski | Franz Kafka |
Stefan Zweig | Hermann Hesse | Milan Kundera | Yasmina Khadra | Tahar Ben Jelloun | Amin Maalouf |
Jean d'Ormesson | Daniel Pennac | Philippe Besson | Alexandre Jardin | Marc Dugain | Sorj Chalandon |
David Foenkinos | Tatiana de Rosnay | Gilles Legardinier | Raphaëlle Giordano | Laurent Gounelle |
Christophe André | Boris Cyrulnik | Frédéric Lenoir | Matthieu Ricard | Michel Onfray | Luc Ferry |
Jacques Attali | Stéphane Bern | Franck Ferrand | Alain Decaux | Max Gallo | Jean Tulard | Georges Duby |
Fernand Braudel | Jacques Le Goff | Régine Pernoud | Paul Bocuse | Cyril Lignac | Philippe Etchebest |
Ginette Mathiot | Christophe Michalak | Pierre Hermé | Goscinny | René Goscinny | Uderzo | Albert Uderzo |
Hergé | Franquin | Morris | Peyo | Jean Van Hamme | Zep | Riad Sattouf | Eiichiro Oda | Akira Toriyama |
Masashi Kishimoto | Hajime Isayama | Tsugumi Ohba | Naoki Urasawa | Osamu Tezuka | Enid Blyton |
Comtesse de Ségur | Hector Malot | Alphonse Daudet | Jean Giono | Henri Bosco | René Barjavel |
Pierre Boulle | Hervé Bazin | Joseph Kessel | Henri Troyat | Maurice Druon | Robert Merle | Jean Anglade |
Claude Michelet | Bernard Clavel | Régine Deforges | Juliette Benzoni | Anne et Serge Golon |
Paul-Loup Sulitzer | Gérard de Villiers | Irène Némirovsky | Marie NDiaye | Gaël Faye | Hervé Le Tellier |
Éric Vuillard | Mohamed Mbougar Sarr | Vanessa Springora | Sylvain Tesson | Jean-Christophe Rufin |
Yuval Noah Harari | Michelle Obama | Don Miguel Ruiz | Eckhart Tolle | Robert Kiyosaki | Sun Tzu |
Nicolas Machiavel | Jean-Jacques Rousseau | Montesquieu | Denis Diderot | Blaise Pascal | Michel de Montaigne |
Alain-Fournier | François Mauriac | André Gide | Louis Aragon | Paul Éluard | Edmond Rostand |
Choderlos de Laclos | Abbé Prévost | Anne Frank | Primo Levi | Jeff Kinney | Sempé | René Goscinny et Sempé
""")

SHARED["titre_livre"] = _v("""
Les Misérables | Notre-Dame de Paris | Les Contemplations | Germinal | L'Assommoir | Nana | Au Bonheur des Dames |
La Bête humaine | Madame Bovary | L'Éducation sentimentale | Salammbô | Le Père Goriot | Eugénie Grandet |
La Peau de chagrin | Le Rouge et le Noir | La Chartreuse de Parme | Bel-Ami | Une vie | Boule de suif |
Le Horla | Pierre et Jean | Les Trois Mousquetaires | Le Comte de Monte-Cristo | Vingt ans après |
Vingt mille lieues sous les mers | Le Tour du monde en quatre-vingts jours | Voyage au centre de la Terre |
L'Île mystérieuse | Michel Strogoff | L'Étranger | La Peste | La Chute | Le Mythe de Sisyphe | Huis clos |
La Nausée | Les Mots | Le Deuxième Sexe | L'Amant | Un barrage contre le Pacifique | Du côté de chez Swann |
À la recherche du temps perdu | Voyage au bout de la nuit | Le Petit Prince | Vol de nuit | Terre des hommes |
La Gloire de mon père | Le Château de ma mère | Le Temps des secrets | Jean de Florette | Manon des sources |
Les Fleurs du mal | Le Spleen de Paris | Alcools | Paroles | L'Écume des jours | J'irai cracher sur vos tombes |
Zazie dans le métro | Exercices de style | Bonjour tristesse | Mémoires d'Hadrien | L'Œuvre au noir |
La Promesse de l'aube | La Vie devant soi | Les Racines du ciel | Maigret et le clochard | Le Chien jaune |
Le Crime de l'Orient-Express | Ils étaient dix | Mort sur le Nil | Le Meurtre de Roger Ackroyd |
Le Chien des Baskerville | Arsène Lupin, gentleman cambrioleur | L'Aiguille creuse | Le Mystère de la chambre jaune |
Le Fantôme de l'Opéra | Rue des boutiques obscures | Les Années | La Place | Soumission | Sérotonine |
Les Particules élémentaires | La Carte et le Territoire | Stupeur et tremblements | Hygiène de l'assassin |
Et si c'était vrai... | Où es-tu ? | La Jeune Fille et la Nuit | Central Park | L'Appel de l'ange |
Un appartement à Paris | La Vérité sur l'affaire Harry Quebert | Le Livre des Baltimore | L'Énigme de la chambre 622 |
L'Affaire Alaska Sanders | Pars vite et reviens tard | L'Homme à l'envers | Nymphéas noirs | Un avion sans elle |
Glacé | Le Syndrome E | Il était deux fois | Les Rivières pourpres | Le Vol des cigognes | Au revoir là-haut |
Couleurs de l'incendie | Chanson douce | Le Pays des autres | Et que ne durent que les moments doux |
Les Douleurs fantômes | Tout le bleu du ciel | Les Lendemains | Changer l'eau des fleurs | Les Oubliés du dimanche |
Trois | Les Yeux jaunes des crocodiles | Ensemble, c'est tout | L'Élégance du hérisson | Rien ne s'oppose à la nuit |
Oscar et la dame rose | Monsieur Ibrahim et les fleurs du Coran | Les Fourmis | Le Jour des fourmis |
Le Papillon des étoiles | Les Thanatonautes | Shining | Ça | Misery | Carrie | Simetierre | La Ligne verte | 22/11/63 |
Da Vinci Code | Anges et Démons | Inferno | Origine | Les Piliers de la Terre | Un monde sans fin |
La Chute des géants | La Firme | Ne le dis à personne | Millénium - Les hommes qui n'aimaient pas les femmes |
La Princesse des glaces | L'Amie prodigieuse | L'Alchimiste | Kafka sur le rivage | 1Q84 | Le Nom de la rose |
Cent ans de solitude | L'Ombre du vent | Harry Potter à l'école des sorciers | Harry Potter et la Chambre des secrets |
Harry Potter et le Prisonnier d'Azkaban | Harry Potter et la Coupe de feu | Harry Potter et l'Ordre du phénix |
Harry Potter et le Prince de sang-mêlé | Harry Potter et les Reliques de la mort |
Le Seigneur des anneaux - La Communauté de l'anneau | Les Deux Tours | Le Retour du roi | Le Hobbit |
Le Silmarillion | Le Trône de fer | Hunger Games | L'Embrasement | La Révolte | Twilight - Fascination |
Tentation | Percy Jackson - Le Voleur de foudre | Eragon | À la croisée des mondes | Charlie et la chocolaterie |
Matilda | Le Monde de Narnia | Fondation | Les Robots | Dune | Les Androïdes rêvent-ils de moutons électriques ? |
Fahrenheit 451 | 1984 | La Ferme des animaux | Le Meilleur des mondes | Le Vieil Homme et la mer |
Des souris et des hommes | Les Raisins de la colère | Gatsby le magnifique | Orgueil et Préjugés | Jane Eyre |
Les Hauts de Hurlevent | Oliver Twist | Le Portrait de Dorian Gray | Guerre et Paix | Anna Karénine |
Crime et Châtiment | Les Frères Karamazov | La Métamorphose | Le Procès | Le Joueur d'échecs |
Lettre d'une inconnue | Siddhartha | Le Loup des steppes | L'Insoutenable Légèreté de l'être |
Ce que le jour doit à la nuit | Les Identités meurtrières | Léon l'Africain | Samarcande | Au plaisir de Dieu |
Au bonheur des ogres | Comme un roman | La Délicatesse | Elle s'appelait Sarah | Et soudain tout change |
Ta deuxième vie commence quand tu comprends que tu n'en as qu'une | L'Homme qui voulait être heureux |
Les Quatre Accords toltèques | Le Pouvoir du moment présent | Père riche, père pauvre | L'Art de la guerre |
Sapiens | Le Prince | Candide | Zadig | Fables | Le Malade imaginaire | Le Misanthrope | Tartuffe | L'Avare |
Phèdre | Andromaque | Le Cid | Cyrano de Bergerac | Les Liaisons dangereuses | Manon Lescaut | Le Grand Meaulnes |
Thérèse Desqueyroux | Le Hussard sur le toit | Regain | Un roi sans divertissement | Ravage | La Nuit des temps |
La Planète des singes | Vipère au poing | L'Équipage | Les Rois maudits | Angélique, marquise des anges |
Fortune de France | Suite française | L'Anomalie | Veiller sur elle | Le Consentement | Petit Pays | La Tresse |
Les Gratitudes | L'Ordre du jour | Sans famille | Les Malheurs de Sophie | Le Club des Cinq | Les Lettres de mon moulin |
Le Petit Nicolas | Le Journal d'Anne Frank | Si c'est un homme | Journal d'un dégonflé | Devenir | Les Mots pour le dire |
Le Lambeau | Sur les chemins noirs | Dans la forêt de Sibérie | Le Parfum | Le Liseur | Les Bienveillantes |
La Servante écarlate | Les Piliers de la mer | La Horde du Contrevent | Le Bal | La Vie mode d'emploi | Les Choses
""")

SHARED["editeur"] = _v("""
Gallimard | Folio | Le Livre de Poche | Pocket | J'ai lu | Points | Albin Michel | Flammarion | Grasset |
Robert Laffont | Fayard | Seuil | Éditions du Seuil | Plon | Stock | Calmann-Lévy | Actes Sud | XO Éditions |
Michel Lafon | Éditions de Minuit | P.O.L | JC Lattès | Presses de la Cité | Belfond | Denoël | Julliard |
Payot | Hachette | Larousse | Nathan | Bordas | Hatier | Magnard | Belin | Dunod | Eyrolles | Marabout |
Solar | Hachette Jeunesse | Bayard Jeunesse | Milan | L'École des loisirs | Gallimard Jeunesse | Casterman |
Dargaud | Dupuis | Le Lombard | Delcourt | Glénat | Soleil | Kana | Pika | Kurokawa | Ki-oon | Panini Comics |
Urban Comics | Hachette Pratique | Éditions Atlas | France Loisirs | Le Grand Livre du Mois | Omnibus |
Bouquins | Sonatine | Bragelonne | Mnémos | L'Archipel | Harlequin | Milady | Hugo Roman | Taschen |
Assouline | Éditions du Chêne | Ouest-France | Michelin | Lonely Planet | Le Routard | Dalloz | PUF |
La Découverte | Tallandier | Perrin | Mango | First | Vuibert | Ellipses | Rageot | Auzou | Fleurus |
Editions Jean-Claude Gawsewitch | Le Cherche Midi | Éditions de l'Observatoire | Philippe Picquier
""")

SHARED["collection"] = _v("""
Folio | Folio Policier | Folio SF | Folio Junior | Livre de Poche | Le Livre de Poche | Pocket | J'ai lu |
Points | 10/18 | Babel | GF Flammarion | Classiques Larousse | Petits Classiques Larousse |
Bibliothèque de la Pléiade | La Pléiade | Que sais-je ? | Bibliothèque rose | Bibliothèque verte |
Idéal-Bibliothèque | Rouge et Or | Le Masque | Série noire | Fleuve Noir | Harlequin Azur |
Harlequin Passions | Presses Pocket | Castor Poche | J'aime lire | Classiques Hatier | Bouquins | Omnibus |
Blanche | Du monde entier | Pavillons | Biblio Essais | Librio | Étonnants classiques | Profil d'une œuvre |
Les Classiques de Poche | Points Seuil | Pocket Jeunesse | Folio Cadet | Mille et une nuits | Texto |
Babel Noir | Rivages Noir | Spécial Suspense | Terre humaine | L'Imaginaire | Nouveaux Horizons |
Le Livre de Poche Jeunesse | Signet | Le Club des Cinq | Chair de poule | Les Grands Romans
""")

SHARED["genre_livre"] = _v("""
roman | roman policier | polar | thriller | roman historique | roman d'amour | romance | science-fiction |
fantasy | fantastique | roman jeunesse | album jeunesse | bande dessinée | BD | manga | comics | essai |
biographie | autobiographie | mémoires | témoignage | récit | recueil de nouvelles | poésie | théâtre |
livre de cuisine | guide de voyage | beau livre | livre d'art | dictionnaire | encyclopédie | manuel scolaire |
parascolaire | livre pratique | développement personnel | psychologie | philosophie | religion | spiritualité |
ésotérisme | histoire | géographie | sciences | médecine | droit | économie | informatique | jardinage |
bricolage | sport | santé | bien-être | humour | roman graphique | conte | roman du terroir | feel good |
dark romance | new romance | young adult | light novel | atlas | livre-jeu | cahier de coloriage
""")

SHARED["theme_livre"] = _v("""
la quête d'identité | un amour impossible | la Seconde Guerre mondiale | la Grande Guerre | les secrets de famille |
l'enfance | la vieillesse | le deuil | la résilience | l'exil | une enquête haletante | un tueur en série |
la vie paysanne | la bourgeoisie provinciale | la société française du XIXe siècle | le Paris des années 20 |
la Révolution française | le Moyen Âge | l'Occupation | la condition féminine | l'amitié | la transmission |
la nature | la quête du bonheur | le pouvoir | la justice | l'immigration | le monde du travail | la folie |
la vengeance | un secret enfoui | la mémoire | la liberté | le destin | la foi | la cuisine familiale |
la méditation | l'éducation des enfants | la mer | la montagne | les relations mère-fille | la maladie |
le harcèlement | la guerre d'Algérie | la colonisation | la Résistance | une disparition mystérieuse |
un huis clos oppressant | une famille dysfonctionnelle | la reconstruction après un drame | le couple |
la trahison | la rédemption | l'adolescence | le premier amour | un voyage initiatique | la magie |
un monde post-apocalyptique | l'intelligence artificielle | la conquête spatiale | l'écologie | la Bretagne |
la Provence | l'Afrique | le Japon | New York | la Russie | l'Égypte ancienne | les Vikings | Napoléon
""")

SHARED["adj_livre"] = _v("""
captivant | bouleversant | passionnant | haletant | émouvant | drôle | poignant | lumineux | magistral |
incontournable | culte | inoubliable | saisissant | envoûtant | glaçant | subtil | tendre | féroce | puissant |
addictif | époustouflant | sensible | flamboyant | audacieux | intime | lucide | généreux | vertigineux |
jubilatoire | palpitant | délicat | mordant | troublant | dépaysant | terrifiant | savoureux
""")

SHARED["serie_bd"] = _v("""
Astérix | Tintin | Les Aventures de Tintin | Lucky Luke | Les Schtroumpfs | Gaston Lagaffe | Spirou et Fantasio |
Blake et Mortimer | XIII | Thorgal | Largo Winch | Les Tuniques bleues | Boule et Bill | Le Petit Spirou |
Titeuf | Les Blondes | Les Profs | Les Légendaires | Lanfeust de Troy | Blacksad | Les Vieux Fourneaux |
Kid Paddle | Cédric | Yoko Tsuno | Achille Talon | Iznogoud | Les Bidochon | Valérian | Le Chat | Garfield |
Calvin et Hobbes | Naruto | One Piece | Dragon Ball | Dragon Ball Super | L'Attaque des Titans |
My Hero Academia | Death Note | Demon Slayer | Jujutsu Kaisen | Fullmetal Alchemist | Bleach | Fairy Tail |
Hunter x Hunter | Tokyo Ghoul | Chainsaw Man | Spy x Family | Berserk | Akira | Ranma 1/2 | Détective Conan |
Les Chevaliers du Zodiaque | Captain Tsubasa | Olive et Tom | Batman | Spider-Man | X-Men | Walking Dead |
L'Arabe du futur | Les Cahiers d'Esther | Mortelle Adèle | Les Sisters | Les Nombrils | Seuls | Undertaker |
Blueberry | Corto Maltese | Alix | Michel Vaillant | Ric Hochet | Bob et Bobette | Les Passagers du vent |
Le Scorpion | Les Maîtres de l'Orge | Black Clover | Vinland Saga | Blue Lock | One Punch Man | Haikyu
""")

SHARED["prix_litteraire"] = _v("""
Prix Goncourt | Prix Renaudot | Prix Femina | Prix Médicis | Grand Prix du roman de l'Académie française |
Prix Interallié | Prix des Libraires | Prix du Quai des Orfèvres | Prix Landerneau | Prix Fnac |
Prix des lecteurs du Livre de Poche | Prix Maison de la Presse | Fauve d'or d'Angoulême | Prix Hugo |
Prix Nebula | Booker Prize | Prix Nobel de littérature | Goncourt des lycéens | Grand Prix des lectrices de Elle |
Prix Pulitzer | Prix du Livre Inter | Prix Cognac | Prix Polar SNCF | Prix Babelio
""")

SHARED["titre_revue"] = _v("""
Paris Match | Le Point | L'Express | Le Nouvel Observateur | L'Obs | Télérama | Elle | Marie Claire |
Marie France | Vogue Paris | Géo | GEO | National Geographic | Science & Vie | Science et Vie Junior |
Sciences et Avenir | Ça m'intéresse | Historia | L'Histoire | Le Monde diplomatique | Auto Plus |
L'Auto-Journal | Auto Moto | Moto Journal | Rustica | Art & Décoration | Maison Côté Sud | Lui | Playboy |
Spirou | Le Journal de Tintin | Pilote | Le Journal de Mickey | Picsou Magazine | Okapi | J'aime lire |
Pif Gadget | Onze Mondial | France Football | L'Équipe Magazine | Rock & Folk | Best | Salut les copains |
Mademoiselle Age Tendre | Podium | Star Club | Jours de France | Modes et Travaux | Prima | Femme Actuelle |
Télé 7 Jours | Télé Star | Télé Loisirs | Première | Studio Magazine | Les Cahiers du cinéma | Pariscope |
Connaissance des Arts | Beaux Arts Magazine | Le Chasseur Français | La Vie du Rail | Loco Revue |
Micro Hebdo | Joystick | Player One | Consoles + | Joypad | Tilt | Gen4 | SVM | L'Illustration |
Le Petit Journal illustré | Le Miroir des Sports | Miroir du Cyclisme | Vélo Magazine | Charlie Hebdo |
Fluide Glacial | Métal Hurlant | À Suivre | Circus | Lanfeust Mag | Mad Movies | L'Écran fantastique |
Réponses Photo | Chasseur d'images | Pleine Vie | Notre Temps | Le Figaro Magazine | Marianne |
Valeurs Actuelles | Courrier International | Les Inrockuptibles | Guitar Part | Rolling Stone | Détective |
Historama | Guerres & Histoire | Ligne de front | Batailles & Blindés | 30 Millions d'Amis | Système D |
Le Journal de la Maison | Marie Claire Idées | 100 Idées | Burda | Point de Croix Magazine | Mickey Parade |
Super Picsou Géant | Tintin Hebdo | Strange | Titans | Special Strange | Rodéo | Kiwi | Blek | Akim |
Nous Deux | Intimité | Ici Paris | France Dimanche | Voici | Gala | Closer | Public | Cosmopolitan |
Biba | Madame Figaro | Avantages | Santé Magazine | Psychologies | Capital | Challenges | L'Expansion |
Le Moniteur | Maison & Travaux | Côté Maison | Maison Créative | Cuisine et Vins de France | Régal |
Gault & Millau | Onze | Foot Magazine | Rugby Mag | Tennis Magazine | Montagnes Magazine | Terre Sauvage |
Animaux Magazine | Atout Chat | Atout Chien | Chasse et Pêche | Le Pêcheur de France | Aviasport |
Air & Cosmos | Le Fana de l'Aviation | Aéro Journal | Radio Plans | Le Haut-Parleur | Hi-Fi Vidéo |
Sciences Humaines | Philosophie Magazine | Le 1 | Books | Lire | Le Magazine Littéraire | Phosphore |
Les Clés de l'actualité | Mon Quotidien | Le Petit Quotidien | Wapiti | Pomme d'Api | Astrapi | Toupie
""")

# ---------------------------------------------------------------------------
# Video games (40, 2462, 60, 50, 2905)
# ---------------------------------------------------------------------------
SHARED["plateforme"] = _v("""
PS4 | PS5 | PS3 | PS2 | PS1 | PlayStation | PlayStation 4 | PlayStation 5 | PlayStation 3 | Playstation 2 |
Playstation 1 | PSP | PS Vita | Xbox | Xbox 360 | Xbox One | Xbox Series X | Xbox Series S | Nintendo Switch |
Switch | Wii | Wii U | Nintendo DS | DS | 3DS | Nintendo 3DS | 2DS | Game Boy | Game Boy Color |
Game Boy Advance | GBA | GameCube | Nintendo 64 | N64 | Super Nintendo | SNES | NES | Sega Mega Drive |
Megadrive | Master System | Dreamcast | Sega Saturn | Game Gear | Neo Geo | Atari 2600 | PC | Switch 2 |
Nintendo Switch OLED | XBOX ONE | PS VITA
""")

SHARED["console"] = _v("""
PlayStation 4 Slim 500 Go | PS4 Slim 1 To | PS4 Pro 1 To | PS4 Fat 500 Go | PS5 Édition Standard |
PS5 Digital Edition | PS5 Slim | PS5 Pro | Xbox One S 1 To | Xbox One X | Xbox One 500 Go | Xbox Series X |
Xbox Series S 512 Go | Nintendo Switch OLED | Switch Lite | Nintendo Switch V2 | Nintendo Switch |
Wii blanche | Wii noire | Wii U 32 Go Premium | Wii U 8 Go | Nintendo 3DS XL | New 3DS XL | New 2DS XL |
Nintendo 2DS | DS Lite | Nintendo DSi | DSi XL | Game Boy Color | Game Boy Advance SP | Game Boy Pocket |
Game Boy classique | GameCube | Nintendo 64 | Super Nintendo | NES | Mega Drive II | Mega Drive |
Dreamcast | PSP 3004 | PSP Street | PSP 1004 | PS Vita Slim | PS Vita 1000 | PS3 Slim 320 Go |
PS3 Super Slim 500 Go | PS3 Fat 60 Go | PS2 Slim | PS2 Fat | PSOne | PlayStation 1 | Xbox 360 Slim 250 Go |
Xbox 360 Elite | Xbox 360 E | Xbox classique | Sega Saturn | Atari 2600 | Neo Geo AES | Sega Master System II |
Nintendo Classic Mini NES | Super Nintendo Classic Mini | PlayStation Classic | Mega Drive Mini |
Steam Deck 512 Go | Steam Deck OLED | Game Gear | Atari Jaguar | Nintendo Virtual Boy | Evercade VS
""")

SHARED["constructeur"] = _v("""
Sony | Microsoft | Nintendo | Sega | SEGA | Atari | SNK | Valve | Sony PlayStation | Nintendo officiel
""")

SHARED["titre_jeu"] = _v("""
FIFA 18 | FIFA 19 | FIFA 20 | FIFA 21 | FIFA 22 | FIFA 23 | EA Sports FC 24 | EA Sports FC 25 | PES 2019 |
eFootball PES 2021 | Call of Duty Black Ops III | Call of Duty Black Ops Cold War | Call of Duty Modern Warfare |
Call of Duty Modern Warfare II | Call of Duty WWII | Call of Duty Vanguard | GTA V | Grand Theft Auto V |
Grand Theft Auto San Andreas | GTA IV | Red Dead Redemption | Red Dead Redemption 2 |
Assassin's Creed Valhalla | Assassin's Creed Unity | Assassin's Creed Origins | Assassin's Creed Odyssey |
Assassin's Creed Mirage | Assassin's Creed II | Far Cry 5 | Far Cry 6 | Far Cry Primal | The Last of Us |
The Last of Us Part II | Uncharted 4 | God of War | God of War Ragnarök | Horizon Zero Dawn |
Horizon Forbidden West | Marvel's Spider-Man | Spider-Man Miles Morales | Marvel's Spider-Man 2 |
Gran Turismo 7 | Gran Turismo Sport | Mario Kart 8 Deluxe | Super Mario Odyssey | Super Mario Bros Wonder |
Super Mario 3D World + Bowser's Fury | Zelda Breath of the Wild | The Legend of Zelda Tears of the Kingdom |
Zelda Link's Awakening | Animal Crossing New Horizons | Pokémon Écarlate | Pokémon Violet | Pokémon Épée |
Pokémon Bouclier | Pokémon Soleil | Pokémon Lune | Pokémon Let's Go Pikachu | Pokémon Légendes Arceus |
Pokémon Diamant Étincelant | Pokémon Or HeartGold | Pokémon X | Super Smash Bros Ultimate | Splatoon 3 |
Luigi's Mansion 3 | Just Dance 2023 | Just Dance 2024 | Minecraft | Minecraft Dungeons | Fortnite |
Lego Star Wars La Saga Skywalker | Lego Harry Potter Années 1 à 4 | Lego Marvel Super Heroes | Lego City Undercover |
Crash Bandicoot N. Sane Trilogy | Crash Bandicoot 4 | Spyro Reignited Trilogy | Sonic Mania | Sonic Frontiers |
Rayman Legends | Resident Evil 4 | Resident Evil 2 Remake | Resident Evil Village | Final Fantasy VII Remake |
Final Fantasy XVI | Final Fantasy X/X-2 HD | Kingdom Hearts III | Dragon Ball Xenoverse 2 | Dragon Ball FighterZ |
Dragon Ball Z Kakarot | Naruto Shippuden Ultimate Ninja Storm 4 | One Piece Pirate Warriors 4 | Tekken 7 |
Tekken 8 | Mortal Kombat 11 | Mortal Kombat 1 | Street Fighter V | Street Fighter 6 | Batman Arkham Knight |
Batman Arkham City | Battlefield 1 | Battlefield 4 | Battlefield 2042 | Star Wars Battlefront II |
Star Wars Jedi Survivor | Need for Speed Heat | Need for Speed Most Wanted | Need for Speed Unbound |
Forza Horizon 4 | Forza Horizon 5 | Forza Motorsport | Halo 5 Guardians | Halo Infinite | Halo Master Chief Collection |
Gears of War 4 | Gears 5 | Elden Ring | Dark Souls III | Bloodborne | Sekiro | Cyberpunk 2077 |
The Witcher 3 Wild Hunt | The Elder Scrolls V Skyrim | Fallout 4 | Fallout 76 | Hogwarts Legacy |
WWE 2K23 | NBA 2K24 | NBA 2K21 | F1 23 | F1 2021 | Rocket League | Overwatch | Destiny 2 | Ghost of Tsushima |
Death Stranding | Metal Gear Solid V | Kirby Star Allies | Kirby et le monde oublié | Pikmin 4 |
Donkey Kong Country Tropical Freeze | Xenoblade Chronicles 3 | Fire Emblem Three Houses | Metroid Dread |
Mario Party Superstars | Super Mario Party | Wii Sports | Wii Fit | Mario Kart Wii | New Super Mario Bros Wii |
Nintendogs | Professeur Layton et l'étrange village | Programme d'entraînement cérébral du Dr Kawashima |
Tomb Raider | Shadow of the Tomb Raider | Prince of Persia Les Sables du Temps | Les Sims 4 | Les Sims 3 |
Crash Team Racing Nitro-Fueled | Sonic Adventure | Super Mario 64 | GoldenEye 007 | Zelda Ocarina of Time |
Tetris | Mario Kart DS | Mario Kart 7 | New Super Mario Bros | Pokémon Noir | Pokémon Blanc | Inazuma Eleven |
Yo-kai Watch | Monster Hunter World | Monster Hunter Rise | Diablo III | Diablo IV | Borderlands 3 |
Watch Dogs 2 | Watch Dogs Legion | Mafia Definitive Edition | L.A. Noire | Bioshock The Collection |
Detroit Become Human | Heavy Rain | Beyond Two Souls | It Takes Two | A Way Out | Little Nightmares II |
Ratchet & Clank Rift Apart | Returnal | Demon's Souls | Astro Bot | Days Gone | Persona 5 Royal |
Yakuza Like a Dragon | Tales of Arise | Ni no Kuni | Hollow Knight | Stardew Valley | Cuphead | Hades |
Overcooked 2 | Nintendo Switch Sports | Ring Fit Adventure | 1-2-Switch | Mario + Lapins Crétins Kingdom Battle |
Lapins Crétins La Grosse Aventure | Skylanders Spyro's Adventure | Disney Infinity | Les Schtroumpfs |
Cars 3 Course vers la victoire | Pat' Patrouille La Pat'Patrouille à la rescousse | Farming Simulator 22 |
Euro Truck Simulator 2 | The Crew Motorfest | Ghost Recon Wildlands | Rainbow Six Siege | The Division 2 |
Dying Light 2 | Dead Space | Alan Wake 2 | Starfield | Baldur's Gate 3 | Lies of P | Stray | Sifu
""")

SHARED["franchise_jeu"] = _v("""
Mario | Super Mario | Zelda | The Legend of Zelda | Pokémon | Sonic | Call of Duty | FIFA | EA Sports FC |
Assassin's Creed | GTA | Grand Theft Auto | Final Fantasy | Resident Evil | Halo | God of War | Minecraft |
Fortnite | Star Wars | Marvel | Lego | Crash Bandicoot | Spyro | Kirby | Metroid | Street Fighter | Tekken |
Dragon Ball | Naruto | Just Dance | Animal Crossing | Splatoon | Uncharted | The Last of Us | Gran Turismo |
Forza | Battlefield | Far Cry | Tomb Raider | Metal Gear | Kingdom Hearts | The Witcher | Donkey Kong |
Yoshi | Luigi | Rayman | Les Sims | Pac-Man | Mortal Kombat | Need for Speed | Mario Kart | Smash Bros |
Fire Emblem | Xenoblade | Monster Hunter | Persona | Dark Souls | Diablo | Warcraft | Overwatch |
Red Dead | Batman Arkham | Spider-Man | Ratchet & Clank | Gears of War | Hitman | Splinter Cell |
Prince of Persia | Castlevania | Mega Man | Tetris | Professeur Layton | Inazuma Eleven | Yo-kai Watch |
Splatoon | Pikmin | Bayonetta | Destiny | Borderlands | Fallout | The Elder Scrolls | Silent Hill
""")

SHARED["edition_jeu"] = _v("""
Édition Standard | Edition Standard | Édition Collector | Edition Collector | Collector's Edition |
Édition Deluxe | Deluxe Edition | Game of the Year | GOTY | Édition Game of the Year | Platinum | Essentials |
PlayStation Hits | Nintendo Selects | Player's Choice | Classics | Greatest Hits | Day One Edition |
Édition Day One | Édition Limitée | Limited Edition | Steelbook | Édition Steelbook | Gold Edition |
Ultimate Edition | Complete Edition | Definitive Edition | Remastered | HD Remaster | Édition Spéciale |
Special Edition | Édition Anniversaire | Bundle | Big Hit | Xbox Classics | Édition Légendaire |
Édition Premium | Édition Complète | Édition Lancement | Édition Or | Édition Intégrale | Nintendo Classics |
Launch Edition | Édition Ultime | Super Deluxe | Trilogy | Édition Royale
""")

SHARED["version_jeu"] = _v("""
Version française | VF | PAL FR | Pal Fr | Import UK | Import US | PAL EU | PAL EUR | Version européenne |
multilingue | textes en français | jeu en français | Import allemand | Import espagnol | Asian version |
Import JAP | NTSC-U | NTSC-J | Region free | version FR | PAL UK | import Italie | English version |
français inclus | sous-titres français | voix françaises
""")

SHARED["pegi"] = _v("""
PEGI 3 | PEGI 7 | PEGI 12 | PEGI 16 | PEGI 18 | Pegi 18 | Pegi 3 | PEGI 12 ans | déconseillé aux moins de 16 ans |
USK 18 | ESRB Mature | ESRB Everyone | tout public
""")

SHARED["genre_jeu"] = _v("""
jeu d'action | jeu d'aventure | action-aventure | RPG | jeu de rôle | action RPG | FPS | jeu de tir |
jeu de tir à la troisième personne | jeu de course | jeu de sport | jeu de football | jeu de combat |
jeu de plateforme | jeu de stratégie | jeu de stratégie en temps réel | simulation | jeu de simulation |
jeu de réflexion | puzzle game | party game | jeu musical | survival horror | jeu d'horreur | open world |
jeu en monde ouvert | MMORPG | jeu de gestion | beat'em all | point & click | metroidvania | roguelike |
jeu de danse | jeu familial | jeu d'infiltration | jeu de survie | battle royale | jeu de combat aérien |
simulation de vol | jeu de construction | jeu de rythme | tactical RPG | JRPG | hack'n slash | jeu de pilotage |
jeu éducatif | jeu de cartes | visual novel
""")

SHARED["adj_jeu"] = _v("""
épique | spectaculaire | intense | culte | inédit | captivant | ultime | nerveux | palpitant | immersif |
stratégique | époustouflant | légendaire | explosif | addictif | déjanté | poétique | terrifiant |
renversant | incontournable | révolutionnaire | magnifique | haletant | fun | complet
""")

SHARED["feature_jeu"] = _v("""
un mode histoire captivant | un mode multijoueur en ligne | la coopération locale à 2 joueurs |
plus de 100 heures de jeu | des graphismes 4K HDR | un monde ouvert immense | plus de 50 circuits |
tous les championnats officiels | plus de 30 personnages jouables | un mode carrière complet |
l'écran partagé | des parties jusqu'à 4 joueurs | la compatibilité PlayStation VR | 60 images par seconde |
un mode photo | de nouvelles armes | un doublage intégral en français | tout le contenu téléchargeable |
une bande son originale | le mode Ultimate Team | la création de personnage | un mode Battle Royale |
des combats dynamiques | des énigmes à résoudre | un scénario à choix multiples | des boss redoutables |
une IA améliorée | les licences officielles | plus de 700 équipes | des centaines de véhicules |
une durée de vie exceptionnelle | un système de progression | des quêtes secondaires | un arbre de compétences |
le jeu en ligne cross-plateforme | des mises à jour gratuites | un mode zombies | un mode campagne solo |
un éditeur de niveaux | des mini-jeux pour toute la famille | une météo dynamique | un cycle jour/nuit |
une physique réaliste | l'exploration libre | des dialogues en français | les trophées et succès
""")

SHARED["feature_jeu_en"] = _v("""
Open world adventure | Online multiplayer | Stunning 4K graphics | Play with friends | Epic single-player campaign |
Over 100 hours of gameplay | Co-op mode | Includes all DLC | Enhanced for PS5 | Smart Delivery | Ray tracing support |
Customize your character | Explore a vast world | Build your own team | Master new abilities | Cross-play support |
Brand new story | Award-winning gameplay | Fight epic bosses | Discover hidden secrets | Fully localized in French |
Up to 4 players local | Photo mode | Rich crafting system | Hundreds of cars to collect
""")

SHARED["editeur_jeu"] = _v("""
Nintendo | Sony Interactive Entertainment | Microsoft Studios | Xbox Game Studios | Ubisoft | Electronic Arts |
EA Sports | Activision | Blizzard | Bethesda | Square Enix | Capcom | Konami | Bandai Namco | Sega |
Take-Two | Rockstar Games | 2K Games | Warner Bros Games | THQ Nordic | Focus Entertainment | Nacon |
Bigben Interactive | Microids | Koch Media | Deep Silver | Plaion | CD Projekt | FromSoftware | Atlus |
Koei Tecmo | Level-5 | Codemasters | Quantic Dream | Don't Nod | Paradox Interactive | Sports Interactive |
Giants Software | Valve | Riot Games | Epic Games | Mojang | Atari | Eidos | Infogrames | Hudson Soft | SNK |
Devolver Digital | Team17 | Kalypso | Just For Games | Maximum Games | Limited Run Games
""")


CATEGORIES: dict[int, dict] = {}

# ---------------------------------------------------------------------------
# 10 Livres d'occasion
# ---------------------------------------------------------------------------
CATEGORIES[10] = {
    "titles": _t("""
{titre_livre}
{titre_livre}
{titre_livre} - {auteur}
{titre_livre} de {auteur}
{auteur} - {titre_livre} - {editeur} {annee}
{titre_livre} - {collection} n° {num}
{titre_livre} ({type_edition})
Livre {titre_livre} - {auteur} - {etat_livre_occ}
{titre_livre} | {auteur} | Occasion
{sujet_ancien}
{sujet_ancien} - {annee}
{sujet_ancien} - {editeur}
{auteur}: {titre_livre}
{titre_livre}, tome {n}
{serie_bd} tome {n} - {etat_livre_occ}
BD {serie_bd} n°{n} - édition {annee}
{titre_livre} - {type_edition} - {annee}
{genre_livre} - {titre_livre} - {auteur}
{titre_livre} / {auteur} / {editeur}
Oeuvres complètes de {auteur} - tome {n}
{auteur} - Oeuvres - {collection}
{titre_livre} - Livre d'occasion
{titre_livre}. {auteur}. {editeur}, {annee}, {pages} pages
{titre_livre} - Edition de {annee} - {etat_livre_occ}
Ancien livre {sujet_ancien} {annee}
{titre_livre} - Texte intégral
{titre_livre} - {auteur} - Livre de poche n°{num}
{auteur} {titre_livre} {collection} {annee} TBE
{titre_livre} - Roman - {auteur}
{sujet_ancien} - {type_edition} - {etat_livre_occ}
{titre_livre} - {auteur} ({prix_litteraire})
{theme_ancien}
{theme_ancien} - {auteur}
{theme_ancien} - {editeur} - {annee}
{titre_livre} - Ed. {editeur}
"""),
    "descriptions": _t("""
{titre_livre} de {auteur}, {editeur}, {annee}. {etat_livre_occ}. {livraison}.
Edition {type_edition} de {annee}, {pages} pages. {etat_livre_occ}, {etat_livre_occ}. Envoi soigné sous enveloppe à bulles.
Ouvrage ancien : {sujet_ancien}. {editeur}, {annee}. Format {cm} x {cm2} cm. {etat_livre_occ}.
{titre}. Livre en {etat_livre_occ}. Petit prix, n'hésitez pas à consulter mes autres annonces !
Un {genre_livre} {adj_livre} sur {theme_livre}. {etat_livre_occ}. {livraison}.
Résumé : {auteur} signe ici un {genre_livre} {adj_livre} autour de {theme_livre}. Exemplaire d'occasion, {etat_livre_occ}.
Broché - {pages} pages - {editeur} ({annee}). Etat : {etat_livre_occ}. Expédition sous 48h en lettre suivie.
Livre provenant d'une bibliothèque personnelle, maison non fumeur. {etat_livre_occ}. {livraison}.
Used book in good condition. {titre_livre} by {auteur}. Ships from France.
{titre_livre} - {auteur}. Collection {collection}, n°{num}. {etat_livre_occ}.
Très bel exemplaire de {titre_livre}, {type_edition}. {etat_livre_occ}. Photos supplémentaires sur demande.
Bande dessinée {serie_bd}, tome {n}. Edition de {annee}. {etat_livre_occ}, {etat_livre_occ}.
ISBN : {isbn}. {editeur}, {annee}. {etat_livre_occ}. Expédié sous 48h, emballage soigné.
Vends {titre_livre} ({auteur}) en {type_edition}. Lu une seule fois. {livraison}.
{sujet_ancien}, {type_edition}, {annee}. Ouvrage illustré de nombreuses gravures en noir et blanc. {etat_livre_occ}.
Livre en français. {pages} pages. Poids : {poids} g. {etat_livre_occ}.
Auteur : {auteur} / Editeur : {editeur} / Année : {annee} / Etat : {etat_livre_occ}
Ouvrage sur {theme_ancien}, {editeur}, {annee}. {etat_livre_occ}. Nombreuses illustrations.
Ce livre a déjà été lu, il peut présenter des traces d'usage : {etat_livre_occ}. Expédition depuis notre entrepôt en France.
Exemplaire de {annee}, {type_edition}. Couverture : {etat_livre_occ}. Intérieur : {etat_livre_occ}.
"""),
    "slots": {
        "type_edition": _v("""
édition originale | édition de poche | livre de poche | édition brochée | relié | broché | édition cartonnée |
format poche | édition club | France Loisirs | Le Grand Livre du Mois | édition illustrée | édition ancienne |
tirage limité | réimpression | nouvelle édition | première édition | édition numérotée | édition scolaire |
reliure cuir | reliure d'éditeur | cartonnage éditeur | in-8 | in-12 | in-4 | demi-reliure | jaquette illustrée |
édition du Club français du livre | grand format | édition abrégée
"""),
        "etat_livre_occ": _v("""
Occasion - Très bon état | Occasion - Bon état | Occasion - Etat correct | Bon état | Très bon état | TBE | BE |
Etat moyen | couverture légèrement défraîchie | pages jaunies | quelques rousseurs | coins frottés | dos insolé |
annotations au crayon | ex-libris en page de garde | tampon de bibliothèque | sans jaquette |
jaquette un peu abîmée | intérieur propre | pliure au dos | traces de lecture | comme neuf | état d'usage |
mouillure en bas de page | dédicace manuscrite | papier bruni | reliure solide | dos cassé | petite déchirure en couverture |
étiquette de prix au dos | livre d'occasion bon état | ancien livre de bibliothèque | surlignages | cahiers décollés
"""),
        "sujet_ancien": _v("""
Histoire de France illustrée | Manuel de l'ébéniste | La Cuisine de Mapie | Je sais cuisiner |
Le Livre de cuisine de Madame Saint-Ange | Larousse ménager | Petit Larousse illustré 1962 | Atlas géographique Vidal-Lablache |
Méthode Boscher ou la journée des tout petits | La Bible de Jérusalem | Missel des fidèles |
Le Tour de la France par deux enfants | Nouveau Larousse illustré | Manuel pratique de jardinage | Guide Michelin France 1972 |
Annuaire des châteaux | Traité de médecine pratique | Cours de mathématiques élémentaires | Précis de droit civil |
Géographie de la France | Album du Tour de France | Les Merveilles du monde | Encyclopédie des animaux |
Voyage en Orient | Souvenirs de guerre 1914-1918 | Carnet de route d'un poilu | L'Aviation française |
Histoire de la marine | Les Châteaux de la Loire | La Bretagne pittoresque | Le Pays basque | Paris ancien |
Manuel du chasseur | Le Savoir-vivre | Le Parfait Jardinier | Almanach Vermot | Livre de lecture CE1 |
Mon premier livre de calcul | Dictionnaire latin-français Gaffiot | Dictionnaire grec-français Bailly
"""),
        "theme_ancien": _v("""
L'histoire de la Provence | Les églises romanes de France | La faune d'Afrique | Les oiseaux de nos jardins |
La médecine chinoise | La guerre de 1870 | Les cathédrales gothiques | L'art de la pêche à la mouche |
Les champignons de France | La cuisine bourgeoise | Le tricot facile | L'astrologie pour tous | Les chevaux de trait |
La marine à voile | Les chemins de fer français | L'Égypte des pharaons | Les peintres impressionnistes |
La mythologie grecque | Les plantes médicinales | La photographie argentique | Le Paris de Haussmann |
Les Templiers | Les Cathares | La Résistance en Bretagne | Les vins de Bordeaux | L'homéopathie |
La psychanalyse | L'économie politique | Le code de la route | Les grandes découvertes
"""),
    },
}

# ---------------------------------------------------------------------------
# 2705 Livres neufs
# ---------------------------------------------------------------------------
CATEGORIES[2705] = {
    "titles": _t("""
{titre_livre} - {auteur} - {format_neuf}
{titre_livre}
{livre_pratique}
{livre_pratique}
{livre_pratique} - {sous_titre}
{titre_livre} - {sous_titre}
{auteur} - {titre_livre} ({editeur}, {annee})
{titre_livre} | {format_neuf} | {editeur}
Livre - {titre_livre} - {auteur} - {etat_neuf_livre}
{titre_livre} - Edition {annee}
{livre_pratique} - {editeur} - Edition {annee}
{serie_bd} - Tome {n} - {format_neuf}
Coffret {serie_bd} - Tomes 1 à {n}
{titre_livre} / {auteur}
{titre_livre} - {collection}
{auteur}: {titre_livre} - {genre_livre}
{titre_livre} ISBN {isbn}
{livre_pratique} ({public})
Album jeunesse {album_jeunesse} - {public}
{album_jeunesse}
{titre_livre} - Grand format
{titre_livre}, de {auteur}
{titre_livre} (Livre neuf)
{livre_pratique} - {auteur}
{titre_livre} - Tome {n}
[Livre] {titre_livre} - {auteur}
{titre_livre} - {auteur} - {etat_neuf_livre}
{livre_pratique} - {pages} pages
{genre_livre} - {titre_livre}
{titre_livre} - Nouvelle édition {annee}
{serie_bd} T{n} - {editeur}
{album_jeunesse} - {editeur}
{titre_livre} - {prix_litteraire} {annee}
"""),
    "descriptions": _t("""
{auteur} nous offre un {genre_livre} {adj_livre} sur {theme_livre}. Un livre {adj_livre}, à ne pas manquer.
Dans ce {genre_livre} {adj_livre}, {auteur} explore {theme_livre}. {format_neuf}, {pages} pages. ISBN : {isbn}.
Résumé : {theme_livre}, {theme_livre}... Le nouveau {genre_livre} de {auteur}, déjà un immense succès en librairie.
Editeur : {editeur}. Parution : {annee}. Format : {format_neuf}. Nombre de pages : {pages}. EAN : {isbn}.
Livre neuf expédié depuis notre librairie. {titre}. {livraison}.
Un guide complet et illustré pour {public}. Plus de {num} conseils et astuces. {editeur}, {annee}.
« {adj_livre} et {adj_livre} » - Le Monde des livres. Le roman événement de {auteur}.
Le best-seller de {auteur} enfin en {format_neuf}. Plus d'un million d'exemplaires vendus. Un {genre_livre} {adj_livre}.
Brand new book. Fast shipping from France. {titre_livre} - {auteur} ({editeur}).
Nouveau tome de la série {serie_bd} ! Retrouvez vos héros dans une aventure {adj_livre}. Album cartonné, {pages} pages.
Ce livre propose {num} recettes simples et gourmandes, pas à pas, avec photos. Idéal pour {public}.
Conforme au nouveau programme. Cahier d'exercices avec corrigés détachables. Niveau {public}.
Poche - {pages} pages - {editeur} - {annee}. {etat_neuf_livre}. Expédié sous 24h.
Texte intégral suivi d'un dossier pédagogique. Collection {collection}. {etat_neuf_livre}.
Auteur : {auteur}. Éditeur : {editeur}. Collection : {collection}. Langue : français. Dimensions : {cm} x {cm2} cm.
{prix_litteraire}. Un {genre_livre} {adj_livre} qui raconte {theme_livre} avec une justesse rare.
Un album tendre et coloré pour les petits, {public}. Illustrations pleine page. {editeur}.
Le livre événement de la rentrée littéraire : {theme_livre} et {theme_livre}, sous la plume {adj_livre} de {auteur}.
Article neuf, jamais lu, expédié dans un carton protecteur. {etat_neuf_livre}. {livraison}.
Retrouvez toutes les techniques expliquées pas à pas, avec plus de {num} photos et schémas. {format_neuf}.
"""),
    "slots": {
        "etat_neuf_livre": _v("""
Neuf | NEUF | livre neuf | Neuf sous film plastique | jamais lu | exemplaire neuf | Nouveauté | Nouvelle édition |
Édition augmentée | Édition revue et corrigée | Dernière édition | En stock | Expédié neuf depuis notre librairie |
Neuf - Retour possible | Parution récente | À paraître | Précommande | Édition 2024 | Brand new
"""),
        "format_neuf": _v("""
Broché | Relié | Poche | Grand format | Format poche | Beau livre | Coffret | Album | Cartonné | Livre audio |
Livre-CD | Édition collector | Intégrale | Édition illustrée | Édition limitée | Format Kindle | Semi-poche |
Spirale | Livre-jeu | Coffret 3 volumes
"""),
        "sous_titre": _v("""
Roman | Récit | Tome 1 | L'intégrale | Guide pratique | Méthode complète | Pour les nuls | 100 recettes faciles |
Le guide indispensable | Cahier d'activités | Programme 2024 | Nouveau programme | Niveau 1 | Édition 2024 |
Le livre officiel | Nouvelle traduction | Édition bilingue | Les secrets d'un chef | Tout comprendre en 10 leçons |
Le guide complet | Mode d'emploi | Pas à pas | Nouvelle édition enrichie | 365 jours pour changer | Spécial débutants |
Cahier de vacances | Le manuel | Les bases | Nouvelle version | Édition illustrée par l'auteur
"""),
        "livre_pratique": _v("""
Cuisine facile au Cookeo | Le Grand Livre de la pâtisserie | Jardiner sans pesticides | Le Potager en permaculture |
Mon cahier Kakebo | Le Guide du Routard Italie | Guide Vert Bretagne | Lonely Planet Japon | Le Français pour les nuls |
L'Anglais pour les nuls | Annales Bac 2024 Philosophie | Cahier de vacances du CP au CE1 | Passeport du CM2 à la 6e |
Bescherelle - La conjugaison pour tous | Le Petit Larousse illustré | Le Robert de poche | Code civil Dalloz |
Code du travail | Réussir le concours d'infirmier | Mon premier imagier | Coloriages mystères Disney |
Art-thérapie - 100 coloriages anti-stress | Guinness World Records | Atlas du monde | Batch cooking |
Recettes Thermomix | Le Yoga pour les débutants | Méditer jour après jour | Le Régime méditerranéen | Tricot facile |
Le Grand Livre du crochet | Le Petit Livre des cocktails | Airfryer - 100 recettes | Python pour les débutants |
Excel 2021 pour les nuls | Le Code de la route 2024 | Maths Terminale spécialité | Physique-Chimie 1re |
Histoire-Géographie 3e - Brevet | Grammaire progressive du français | Le Guide de la naturopathie | Les Huiles essentielles |
Mon bébé de 0 à 3 ans | J'attends un enfant | Le Grand Livre de Marabout | L'Herbier | Fleurs des champs |
Champignons de France | Oiseaux d'Europe | Mon année avec les sorcières | Calendrier lunaire 2024
"""),
        "album_jeunesse": _v("""
Le Loup qui voulait changer de couleur | La Chenille qui fait des trous | Les Trois Brigands | Elmer |
Petit Ours Brun va à l'école | T'choupi fait du vélo | Trotro et son bateau | Le Gruffalo | Bon appétit Monsieur Lapin |
Devine combien je t'aime | Max et les Maximonstres | Ernest et Célestine | Tchoupi à la plage | Mimi la souris |
Les Contes de Perrault | Le Petit Chaperon rouge | Boucle d'or et les trois ours | La Moufle | Roule galette |
Chien Pourri | Mortelle Adèle | L'Imagier des bébés | Mon imagier sonore | La Cabane magique |
Le Monstre des couleurs | Pop mange de toutes les couleurs | Petit Bleu et Petit Jaune | Balthazar |
Cherche et trouve Disney | Le Petit Prince pop-up | Martine à la ferme | Oui-Oui et la voiture jaune
"""),
        "public": _v("""
jeunesse | adulte | dès 6 ans | ado | young adult | 9-12 ans | lycée | collège | étudiants | débutants |
tous publics | 3-6 ans | CP | CE1 | CM2 | 6e | 3e | Terminale | BTS | licence | 0-3 ans | dès 8 ans |
parents | seniors | passionnés | professionnels
"""),
    },
}

# ---------------------------------------------------------------------------
# 2403 Lots de livres et magazines
# ---------------------------------------------------------------------------
CATEGORIES[2403] = {
    "titles": _t("""
Lot de {n} livres {lot_type}
Lot {n} {lot_type} - {lot_desc}
LOT DE {n} {lot_type}
Lot de {n} magazines {titre_revue}
Lot {titre_revue} {n} numéros {annee}
Lot de {n} romans de {auteur}
Lot {auteur} - {n} livres
Lot de {n} livres ({genre_livre})
Lot {serie_bd} tomes 1 à {n}
Lot de {n} mangas {serie_bd}
Lot de {n} BD {serie_bd} - {lot_desc}
Collection {collection_lot} - {n} volumes
Lot {collection_lot} - {n} tomes
Lot de livres : {titre_livre}, {titre_livre}, {titre_livre}...
{titre_livre} + {titre_livre} (lot de 2)
Lot {n} livres {collection} - {lot_desc}
Gros lot de {n} livres {lot_type} {lot_desc}
Lot de {n} revues {titre_revue} années {annee}
Lot {titre_revue} n°{num} à {num}
Lot {n} magazines {titre_revue} + {titre_revue}
Lot de {n} livres jeunesse {age}
Série complète {serie_bd} - {n} tomes
Lot de {n} {lot_type} {editeur}
Lot livres {auteur} ({n} volumes)
Lot {n} livres de poche {collection}
Lot Harlequin {n} romans {lot_desc}
Lot de {n} livres anciens {annee}
Lot magazines {titre_revue} - {lot_desc}
Lot de {n} {lot_type} en anglais
Lot {n} {lot_type} {etat}
Lot : {titre_livre} / {titre_livre}
Lot de {n} encyclopédies {collection_lot}
"""),
    "descriptions": _t("""
Lot de {n} {lot_type} {lot_desc}. Etat général : {etat}. {livraison}.
Vends lot comprenant notamment : {titre_livre}, {titre_livre}, {titre_livre}, {titre_livre}. {lot_desc}.
Lot de {n} numéros de {titre_revue}, années {annee} à {annee}. Bon état général, quelques couvertures défraîchies.
Ensemble de {n} volumes de la collection {collection_lot}. {etat}. Envoi en Colissimo, le lot pèse environ {n} kg.
Lot vendu en l'état, pas de détail possible. {lot_desc}. Remise en main propre possible.
{titre}. Tous les tomes sont en {etat}. Envoi soigné en carton.
Lot de livres {genre_livre} d'auteurs variés : {auteur}, {auteur}, {auteur}... {livraison}.
Collection de magazines {titre_revue} en très bon état, {n} numéros de {mois} {annee} à {mois} {annee}.
Lot of {n} French books. Good condition. Ships from France.
Lot de {n} mangas {serie_bd}, tomes qui se suivent. {etat}. {livraison}.
Idéal pour une bibliothèque, une école ou un vide-grenier. {n} livres {lot_type}. {livraison}.
Lot issu d'un débarras de grenier. Revues anciennes {titre_revue} et {titre_revue}. Etat d'usage.
Pas de vente au détail. Le lot de {n} est vendu {prix} euros. Frais de port réduits.
Contenu du lot : {n} livres de poche ({collection}), {n} grands formats. {etat}.
Lot de {n} livres de {auteur} : {titre_livre}, {titre_livre}, etc. {etat}.
Magazines {titre_revue} des années {annee}. Lot de {n}. Parfait pour collectionneurs.
Je vends ma collection : {n} BD {serie_bd} dont plusieurs éditions originales. {lot_desc}.
Liste détaillée des titres disponible sur demande. {n} ouvrages, {editeur} et {editeur}. {etat}.
"""),
    "slots": {
        "lot_type": _v("""
livres | romans | romans policiers | livres de poche | BD | bandes dessinées | mangas | magazines | revues |
livres jeunesse | albums jeunesse | Harlequin | livres de cuisine | livres anciens | livres scolaires |
romans Bibliothèque verte | romans Bibliothèque rose | Chair de poule | Martine | Oui-Oui | Petit Ours Brun |
T'choupi | J'aime lire | comics | livres en anglais | thrillers | livres de SF | encyclopédies | partitions |
guides de voyage | romans du terroir | Que sais-je | Picsou Magazine | Journal de Mickey | Géo |
National Geographic | livres de poche Folio | romans historiques | livres religieux | livres d'art |
livres de bricolage | livres de jardinage | revues de mode | revues de tricot | catalogues | annuaires |
livres de contes | premières lectures | romans fantasy | livres audio
"""),
        "lot_desc": _v("""
en bon état | divers auteurs | titres variés | à petit prix | auteurs variés | pour vide-grenier |
idéal bibliothèque | collection complète | série complète | séries incomplètes | intégrale | déstockage |
gros lot | vrac | tomes qui se suivent | dans leur jus | pour revendeur | très bon état général |
certains neufs | état variable | sans doublon | avec quelques doublons | pour brocante | à découvrir
"""),
        "collection_lot": _v("""
Tout l'Univers | Alpha encyclopédie | Encyclopædia Universalis | Encyclopédie Larousse | Astérix collection Atlas |
Les Grands Maîtres de la Peinture | Guides Gallimard | Le Routard | Harlequin Azur | Bibliothèque de la Pléiade |
Chair de poule | Les Chroniques de Narnia | Harry Potter intégrale | Twilight intégrale | Le Club des Cinq |
Fantômette | Le Clan des Sept | Alice détective | Les Six Compagnons | Science & Vie Junior | Okapi | Wapiti |
Images Doc | Pomme d'Api | Toupie | Les Belles Histoires | Géo Ado | Picsou Géant | Sélection du Reader's Digest |
Les Grandes Batailles de l'Histoire | Mickey Club du Livre | Bibliothèque de l'Amitié
"""),
    },
}

# ---------------------------------------------------------------------------
# 2280 Journaux et revues d'occasion
# ---------------------------------------------------------------------------
CATEGORIES[2280] = {
    "titles": _t("""
{titre_revue} n°{num} - {mois} {annee}
{titre_revue} N° {num} du {jour} {mois} {annee}
{titre_revue} {format_revue} n°{num}
{titre_revue} - {sujet_revue}
{titre_revue} n°{num} : {sujet_revue}
Magazine {titre_revue} {annee} - {sujet_revue}
Revue {titre_revue} numéro {num}
{journal} du {jour} {mois} {annee}
Journal {journal} - {jour} {mois} {annee} - {sujet_revue}
{journal} - édition du {jour} {mois} {annee}
{titre_revue} hors-série {sujet_revue}
{titre_revue} N°{num} ({annee}) {etat_revue}
{titre_revue} - {mois} {annee} - {etat_revue}
Ancien journal {journal} {annee} {sujet_revue}
{titre_revue} #{num}
{titre_revue} - Numéro consacré à {sujet_revue}
{titre_revue} {annee} n°{num} - {format_revue}
{journal} n°{num} - {sujet_revue}
{titre_revue} ({format_revue}) - {mois} {annee}
Magazine {titre_revue} - {etat_revue}
{titre_revue} numero {num} annee {annee}
{titre_revue} du {jour}/{mm}/{annee}
{titre_revue} n° {num} - Avec poster
{titre_revue} {format_revue} {annee} {etat_revue}
{titre_revue} n°{num}
{titre_revue} N°{num} {sujet_revue} {annee}
Journal {journal} {annee}
{journal} - {sujet_revue}
Revue {titre_revue} - {mois} {annee} - {sujet_revue}
{titre_revue} n°{num} / {mois} {annee}
"""),
    "descriptions": _t("""
{titre_revue} n°{num}, {mois} {annee}. {etat_revue}. {livraison}.
Numéro consacré à {sujet_revue}. {etat_revue}, {etat_revue}. Envoi sous enveloppe cartonnée.
Journal {journal} du {jour} {mois} {annee}, édition complète. {etat_revue}. Idéal cadeau d'anniversaire ou de naissance !
Revue {format_revue}, {pages} pages. {etat_revue}. Voir photos pour l'état.
Magazine d'occasion, {etat_revue}. Au sommaire : {sujet_revue}, {sujet_revue}. {livraison}.
Ancien numéro de collection de {titre_revue}. {etat_revue}. Format {cm} x {cm2} cm.
Vintage French magazine, issue {num}, {annee}. {etat_revue}.
{titre}. Exemplaire {etat_revue}. Je combine les frais de port pour plusieurs achats.
Numéro {format_revue} de {titre_revue} paru en {mois} {annee}. {etat_revue}.
Quotidien {journal} daté du {jour} {mois} {annee}. À la une : {sujet_revue}. {etat_revue}.
{titre_revue} - {mois} {annee}. Complet, {etat_revue}. Provenance : collection personnelle.
Rare ! {titre_revue} n°{num}. {etat_revue}. Envoi soigné et protégé.
Journal de collection, {sujet_revue}. {etat_revue}. Expédié sous 48h.
Hebdo n°{num} du {jour}/{mm}/{annee}. {etat_revue}. Petit prix.
Revue {titre_revue}, numéro {num}. Articles sur {sujet_revue} et {sujet_revue}. {etat_revue}.
Magazine en {etat_revue}, sans coupon découpé. {livraison}.
Exemplaire original d'époque, ce n'est pas une réédition. {etat_revue}.
"""),
    "slots": {
        "journal": _v("""
Le Figaro | Le Monde | Libération | France-Soir | L'Aurore | Le Parisien | Le Parisien Libéré | Ouest-France |
L'Humanité | Le Petit Parisien | Le Petit Journal | Le Journal du Dimanche | La Croix | Le Progrès |
La Dépêche du Midi | Sud Ouest | Le Dauphiné Libéré | La Voix du Nord | L'Équipe | But ! | Le Matin |
L'Intransigeant | Combat | Le Canard enchaîné | Minute | Le Journal | Paris-Presse | Le Pèlerin |
La Vie Catholique | Nice-Matin | Le Républicain Lorrain | L'Est Républicain | Le Télégramme | Le Provençal |
La Montagne | Les Échos | La Tribune | L'Auto | Le Miroir | Excelsior
"""),
        "sujet_revue": _v("""
spécial Johnny Hallyday | la mort de Claude François | Mai 68 | la Coupe du Monde 1998 | l'homme sur la Lune |
Lady Diana | la mort du Général de Gaulle | l'élection de François Mitterrand | la chute du mur de Berlin |
le 11 septembre 2001 | le Tour de France | les Jeux Olympiques | Brigitte Bardot | Alain Delon | Romy Schneider |
Elvis Presley | les Beatles | Jacques Brel | Édith Piaf | Coluche | Grace Kelly | le mariage princier |
la guerre d'Algérie | la Libération de Paris | spécial Noël | spécial mode | numéro spécial été | spécial voitures |
le Salon de l'Auto | les 24 Heures du Mans | la Formule 1 | le Paris-Dakar | spécial cinéma | le Festival de Cannes |
Michael Jackson | Mylène Farmer | Star Wars | spécial jeux vidéo | Sega contre Nintendo | la Deuxième Guerre mondiale |
Napoléon | les rois de France | les châteaux cathares | la conquête spatiale | le Concorde | Zinedine Zidane |
Jean Gabin | Louis de Funès | Sylvie Vartan | Dalida | France Gall | Serge Gainsbourg | la Guerre du Golfe |
le naufrage du Titanic | le couronnement d'Elizabeth II | Kennedy | Marilyn Monroe | le procès de Nuremberg |
les Bleus champions | Bernard Hinault | Eddy Merckx | Platini | Tchernobyl
"""),
        "format_revue": _v("""
hebdomadaire | mensuel | bimestriel | trimestriel | hors-série | numéro spécial | supplément | édition spéciale |
numéro double | numéro collector | quotidien | almanach | numéro 1 | numéro d'été | avec poster central |
édition du dimanche | numéro anniversaire | spécial
"""),
        "etat_revue": _v("""
bon état | état d'usage | complet | couverture détachée | avec son poster | sans le poster | quelques pliures |
traces d'humidité | papier jauni | complet avec encart | petites déchirures | très bon état | état moyen |
non découpé | coupon découpé | dos agrafé | avec supplément | TBE | plié en deux | quelques rousseurs |
couverture insolée | état collection
"""),
    },
}

# ---------------------------------------------------------------------------
# 40 Jeux consoles neufs
# ---------------------------------------------------------------------------
CATEGORIES[40] = {
    "titles": _t("""
{titre_jeu} {plateforme}
{titre_jeu} - {plateforme} - {etat_neuf_jeu}
Jeu {plateforme} {titre_jeu} {edition_jeu}
{titre_jeu} ({plateforme})
{titre_jeu} {edition_jeu} {plateforme} {version_jeu}
{titre_jeu} Jeu {plateforme}
[{plateforme}] {titre_jeu} - {edition_jeu}
{titre_jeu} - Jeu {plateforme} - {pegi}
{titre_jeu} {bonus_jeu} - {plateforme}
Jeu vidéo {titre_jeu} sur {plateforme}
{titre_jeu} | {plateforme} | Neuf
{plateforme} - {titre_jeu}
{titre_jeu} - {edition_jeu} ({plateforme})
{titre_jeu} {plateforme} NEUF
{titre_jeu} - Nintendo Switch
{titre_jeu} PS5
{titre_jeu} - Xbox Series X / Xbox One
{titre_jeu} - Code de téléchargement {plateforme}
{titre_jeu} {version_jeu}
{titre_jeu} [{plateforme}] {etat_neuf_jeu}
{franchise_jeu} : {titre_jeu} {plateforme}
{titre_jeu} {edition_jeu}
Précommande {titre_jeu} {plateforme}
{titre_jeu} ({plateforme}) - {version_jeu} - {etat_neuf_jeu}
{titre_jeu} - {genre_jeu} - {plateforme}
{titre_jeu} Game {plateforme} New
{titre_jeu} - {plateforme} - {bonus_jeu}
Game {titre_jeu} {plateforme} {version_jeu}
{titre_jeu} Jeu neuf {plateforme}
{jeu_import} - {plateforme}
{jeu_import} ({version_jeu})
Amiibo {amiibo}
{titre_jeu} PS4 - Compatible PS5
"""),
    "descriptions": _t("""
{titre_jeu} sur {plateforme}. {etat_neuf_jeu}. {version_jeu}. {livraison}.
Plongez dans un {genre_jeu} {adj_jeu} : {feature_jeu}, {feature_jeu} et {feature_jeu}. {pegi}.
Jeu neuf sous blister, {version_jeu}. Expédition rapide et soignée depuis la France.
{titre}. Contenu : {feature_jeu}, {feature_jeu}. Classification {pegi}. Genre : {genre_jeu}.
Brand new and sealed. {titre_jeu} for {plateforme}. {feature_jeu_en}. {feature_jeu_en}.
Le jeu culte revient sur {plateforme} ! {feature_jeu}. {feature_jeu}. {edition_jeu}.
L'édition {edition_jeu} comprend le jeu de base ainsi que {bonus_jeu}. {etat_neuf_jeu}.
Jeu {plateforme} neuf, version française. Jouable de 1 à {n} joueurs. {pegi}.
Éditeur : {editeur_jeu}. Genre : {genre_jeu}. Sortie : {annee}. {pegi}. {version_jeu}.
{titre_jeu} : {feature_jeu} ! Un {genre_jeu} {adj_jeu} à découvrir sur {plateforme}.
Article neuf, jamais ouvert, sous blister d'origine. {bonus_jeu}. {livraison}.
Compatible {plateforme}. Langues : français, anglais, allemand, espagnol, italien. {pegi}.
Retrouvez {personnage} dans ce {genre_jeu} {adj_jeu}. {feature_jeu}. Neuf.
Import {version_jeu}, jeu entièrement jouable sur console française. Neuf et scellé.
Description du produit : {titre_jeu} - {feature_jeu}, {feature_jeu}, {feature_jeu}. Nombre de joueurs : 1-{n}.
Tous nos jeux sont neufs et expédiés sous 24h en emballage renforcé. {titre}.
Key features: {feature_jeu_en}. {feature_jeu_en}. {feature_jeu_en}.
Figurine Amiibo compatible avec de nombreux jeux Nintendo Switch et Wii U. Neuve en boîte.
Le code de téléchargement est envoyé dans une boîte, aucun disque. Connexion Internet requise.
"""),
    "slots": {
        "etat_neuf_jeu": _v("""
Neuf sous blister | NEUF | Neuf | neuf scellé | Brand New Sealed | neuf sous cello | Neuf - Version française |
Neuf en boîte | Factory Sealed | Neuf, jamais ouvert | Sous blister d'origine | New | Nouveau | Précommande |
Disponible | En stock | Sealed | Neuf emballé
"""),
        "bonus_jeu": _v("""
+ DLC exclusif | avec code bonus | + steelbook | avec carte de téléchargement | + figurine | avec artbook |
+ bande originale | + pass saison | contenu bonus de précommande | + skin exclusive | avec poster | Code in a box |
+ Amiibo | + Season Pass | bonus Day One | avec stickers | + porte-clés | + carte collector | + pack de démarrage |
+ 1000 points | + monnaie virtuelle
"""),
        "jeu_import": _v("""
Yakuza 0 | Nier Automata | Dragon Quest XI S | Octopath Traveler II | Monster Hunter Stories 2 | Bravely Default II |
Triangle Strategy | Shin Megami Tensei V | Ace Attorney Trilogy | Danganronpa Trilogy | Atelier Ryza |
Trails of Cold Steel IV | Ys IX Monstrum Nox | Disgaea 6 | Tales of Vesperia | Dragon Quest Builders 2 |
Bayonetta 3 | Astral Chain | Star Ocean The Second Story R | Rune Factory 5 | Harvestella | Sonic Superstars |
Paper Mario La Porte Millénaire | Princess Peach Showtime | Mario Vs Donkey Kong | Super Monkey Ball
"""),
        "amiibo": _v("""
Link | Zelda | Mario | Luigi | Peach | Bowser | Yoshi | Pikachu | Samus | Kirby | Inkling | Marie et Ankie |
Isabelle | Tom Nook | Super Smash Bros Link | Donkey Kong | Fox | Pikmin | Link Loup | Mewtwo | Sheik
"""),
    },
}

# ---------------------------------------------------------------------------
# 2462 Jeux vidéo d'occasion
# ---------------------------------------------------------------------------
CATEGORIES[2462] = {
    "titles": _t("""
{titre_jeu} {plateforme} - {etat_occ_jeu}
{retro_jeu} - {plateforme} - {etat_occ_jeu}
Jeu {plateforme} {titre_jeu} occasion
{titre_jeu} ({plateforme}) {etat_occ_jeu}
{retro_jeu} {plateforme} PAL
Lot de {n} jeux {plateforme}
Lot {n} jeux {plateforme} : {titre_jeu}, {titre_jeu}, {titre_jeu}...
{titre_jeu} - {edition_jeu} - {plateforme} (occasion)
{titre_jeu} {plateforme} complet
{retro_jeu} - Jeu {plateforme} - {etat_occ_jeu}
{titre_jeu} / {plateforme} / {etat}
Jeu vidéo {titre_jeu} - {plateforme} - Occasion
{titre_jeu} sur {plateforme} - {etat_occ_jeu} - {version_jeu}
{retro_jeu} {plateforme} {version_jeu}
{titre_jeu} {plateforme} - {etat_occ_jeu} - {livraison}
{console} + {titre_jeu} + {titre_jeu}
{titre_jeu} - {plateforme}
{titre_jeu} {edition_jeu}
{retro_jeu} (cartouche seule)
{franchise_jeu} - {titre_jeu} - {plateforme} occasion
Jeu {plateforme} : {retro_jeu} - {etat_occ_jeu}
{titre_jeu} PS4 occasion TBE
{titre_jeu} Xbox 360 - Complet
[Occasion] {titre_jeu} - {plateforme}
{retro_jeu} - {version_jeu} - {etat_occ_jeu}
{titre_jeu} {plateforme} {pegi} occasion
{titre_jeu} - Jeu {genre_jeu} {plateforme}
{titre_jeu} (Jeu {plateforme}) - Used
{retro_jeu}
{titre_jeu} {plateforme}
Lot jeux {plateforme} {retro_jeu} + {retro_jeu}
{retro_jeu} {plateforme} - Boîte + notice
"""),
    "descriptions": _t("""
Jeu d'occasion en {etat_occ_jeu}. Disque testé et fonctionnel. {livraison}.
{titre}. {etat_occ_jeu}, {etat_occ_jeu}. Envoi rapide et soigné sous bulle.
Jeu {plateforme} {version_jeu}. {etat_occ_jeu}. Voir photos, ce que vous voyez est ce que vous recevrez.
Lot de {n} jeux en {etat}. Tous testés. Pas de vente séparée.
Cartouche originale, pas une copie ! {etat_occ_jeu}. Sauvegarde OK.
Un {genre_jeu} {adj_jeu} : {feature_jeu}. Jeu d'occasion {etat_occ_jeu}.
Used game, {etat_occ_jeu}. Tested and working. Fast shipping.
Jeu rétro {retro_jeu} sur {plateforme}, sorti en {annee}. {etat_occ_jeu}. Pour collectionneur.
Jeu vendu avec boîtier et jaquette, {etat_occ_jeu}. Expédié sous 48h.
Produit d'occasion contrôlé par nos techniciens. Garantie 3 mois. {etat_occ_jeu}.
Disque en {etat_occ_jeu}, boîte d'origine. {pegi}. Langue : français.
Jeu de ma collection perso, fonctionne parfaitement. {etat_occ_jeu}. Je regroupe les envois.
{titre_jeu} ({annee}) - {editeur_jeu}. {etat_occ_jeu}. {livraison}.
Occasion : {etat_occ_jeu}. Attention jeu {version_jeu}, vérifiez la compatibilité avec votre console.
Console non fournie. Jeu seul, {etat_occ_jeu}.
Reconditionné : disque nettoyé, poli et testé. {etat_occ_jeu}.
Jeu {plateforme} d'occasion avec {feature_jeu}. Etat : {etat_occ_jeu}.
Vendu par un particulier, jeu acheté neuf en {annee}. {etat_occ_jeu}. Remise en main propre possible.
"""),
    "slots": {
        "etat_occ_jeu": _v("""
Occasion - Très bon état | Occasion - Bon état | Occasion - Etat correct | complet avec notice | sans notice |
boîte abîmée | boîtier fissuré | CD légèrement rayé | disque sans rayure | testé et fonctionnel | en loose |
cartouche seule | jeu seul sans boîte | boîte + jeu | complet CIB | notice manquante | jaquette déchirée |
jaquette imprimée | sauvegarde fonctionnelle | pile de sauvegarde changée | étiquette abîmée | TBE | BE |
état moyen | comme neuf | boîte d'origine | PAL FR | version Platinum | jaquette de location |
sticker de prix sur la boîte | micro-rayures | occasion | Used | jeu en bon état | boîte cartonnée usée
"""),
        "retro_jeu": _v("""
Super Mario Bros 3 | Super Mario World | Zelda A Link to the Past | Donkey Kong Country | Street Fighter II Turbo |
Sonic the Hedgehog | Sonic 2 | Streets of Rage 2 | Castlevania | Mega Man 2 | Pokémon Rouge | Pokémon Bleu |
Pokémon Jaune | Pokémon Cristal | Pokémon Or | Pokémon Rubis | Pokémon Émeraude | Tetris | Zelda Link's Awakening |
Super Mario Land | Kirby's Dream Land | Final Fantasy VII | Final Fantasy IX | Metal Gear Solid | Gran Turismo 2 |
Crash Bandicoot 3 Warped | Spyro the Dragon | Tekken 3 | Resident Evil 2 | Silent Hill | Tomb Raider II |
Medievil | Oddworld L'Odyssée d'Abe | Rayman | Mario Kart 64 | Banjo-Kazooie | Perfect Dark | Zelda Majora's Mask |
Super Smash Bros Melee | Metroid Prime | Sonic Adventure 2 | Shenmue | Jet Set Radio | Soul Calibur |
Kingdom Hearts | Jak and Daxter | Ratchet & Clank | Sly Cooper | Shadow of the Colossus | ICO | God of War II |
GTA Vice City | Pro Evolution Soccer 6 | Zelda Wind Waker | Mario Kart Double Dash | Pikmin | Aladdin |
Le Roi Lion | Golden Axe | Alex Kidd in Miracle World | Wonder Boy | Duck Tales | Mario Golf | Wario Land
"""),
    },
}

# ---------------------------------------------------------------------------
# 60 Consoles de jeux
# ---------------------------------------------------------------------------
CATEGORIES[60] = {
    "titles": _t("""
Console {console} {stockage} {couleur}
{console} {pack_console}
Console {console} - {etat_console}
{console} {stockage} + {titre_jeu}
Console {constructeur} {console} {couleur} {pack_console}
{console} ({modele_ref}) {etat_console}
Pack {console} + {titre_jeu} {pack_console}
{console} - {couleur} - {stockage}
Console de jeux {console}
{console} {pack_console} {etat_console}
Console {plateforme} {stockage} {etat_console}
{console} édition {franchise_jeu}
Console {console} PAL FR complète
{constructeur} {console} - {caract_console}
Console {console} + manette + câbles
{console} {couleur} {etat_console} - {livraison}
Console portable {console} {couleur}
Console rétro {console} + {n} jeux
{console} {stockage} Noire
Console de jeu rétro portable {retro_nb} jeux intégrés - {couleur}
{console} - {modele_ref} - {pack_console}
{console} {pack_console} - {etat_console}
Console {console} {couleur} + {titre_jeu}
{console} Console Only {stockage}
{console} en boîte {pack_console}
{console} {stockage} - Reconditionné
{console} {caract_console} {stockage}
Mini console rétro HDMI {retro_nb} jeux - {caract_console}
{console}
Console {console}
Console {plateforme} {couleur} {pack_console}
{console} {edition_console}
"""),
    "descriptions": _t("""
Console {console} en {etat_console}. Fournie avec {pack_console}. {livraison}.
Console {plateforme} {stockage}, {caract_console}, {caract_console}. {etat_console}.
Vends ma {console} achetée en {annee}, très peu servie. {pack_console}. Remise en main propre possible.
Console testée et fonctionnelle, réinitialisée aux paramètres d'usine. Modèle {modele_ref}. {etat_console}.
Contenu du pack : console {console}, {pack_console}, câble HDMI, câble d'alimentation. {etat_console}.
Console reconditionnée par nos soins, nettoyée et testée. Garantie 6 mois. {livraison}.
Découvrez la {console} : {caract_console}, {caract_console} et {caract_console}. Livrée avec {titre_jeu}.
Console d'occasion, {etat_console}. Quelques micro-rayures d'usage sur la coque. Tout fonctionne.
Console {console} vendue {etat_console}. Idéal pour pièces ou réparation. Aucune garantie.
Brand new {console}, {stockage}. {caract_console}. Sealed box, EU version.
Console {couleur} en boîte d'origine avec calages. {pack_console}. Envoi en Colissimo suivi et assuré.
Console rétro pour collectionneur, {console}, {etat_console}. Câbles d'origine inclus. PAL française.
{titre}. Capacité : {stockage}. Couleur : {couleur}. Etat : {etat_console}.
Console {constructeur} en {etat_console}. Compte supprimé, prête à l'emploi. {livraison}.
La console nouvelle génération : {caract_console}, {stockage} de stockage. Jouez à {titre_jeu} et {titre_jeu}.
Console portable rétro, écran IPS 3,5 pouces, {retro_nb} jeux intégrés, batterie rechargeable, sortie TV. {phrase_en}.
Édition limitée {edition_console}, très recherchée. {etat_console}. Numéro de série visible sur photo.
"""),
    "slots": {
        "pack_console": _v("""
+ 2 manettes | + manette | + 3 jeux | avec câbles | complète en boîte | en boîte d'origine | sans boîte |
+ chargeur | + carte mémoire | pack Fortnite | pack FIFA | pack Mario Kart | + casque | + Kinect |
+ station de charge | avec tous les câbles | + Joy-Con | + dock | + jeu offert | bundle | + 1 mois PS Plus |
+ 3 mois Game Pass | pack Call of Duty | + Nintendo Switch Sports | + housse | avec 2 manettes |
+ Wiimote + Nunchuk | + 10 jeux | + adaptateur secteur | + stylet | + pack Pokémon
"""),
        "etat_console": _v("""
Neuf | Neuve sous blister | Occasion - Très bon état | Occasion | reconditionnée | reconditionnée grade A |
testée fonctionnelle | HS pour pièces | en panne | Comme neuve | Très bon état | Bon état | quelques rayures |
lecteur défectueux | fonctionne parfaitement | garantie 12 mois | en l'état | garantie constructeur |
état correct | jamais utilisée | écran rayé | reconditionnée grade B
"""),
        "stockage": _v("""
500 Go | 1 To | 2 To | 825 Go | 512 Go | 32 Go | 64 Go | 250 Go | 320 Go | 120 Go | 4 Go | 8 Go | 160 Go |
60 Go | 80 Go | 1 To SSD | 500Go | 1TB | 256 Go
"""),
        "modele_ref": _v("""
CUH-2216A | CUH-1216A | CUH-7016B | CFI-1016A | CFI-1216A | CFI-2016 | SCPH-1002 | SCPH-7502 | SCPH-39004 |
SCPH-77004 | CECH-2004A | CECH-4004A | HAC-001 | HAC-001(-01) | HEG-001 | HDH-001 | RVL-001 | NTR-001 |
USG-001 | CTR-001 | SPR-001 | DOL-001 | NUS-001 | SNSP-001A | HVC-001 | MK-1601 | HKT-3030 | 1681 | 1540 |
model 1763 | PCH-2004 | PSP-3004
"""),
        "caract_console": _v("""
lecteur Blu-ray Ultra HD | résolution 4K | HDR | ray tracing | SSD ultra-rapide | écran OLED 7 pouces |
mode portable | mode TV | rétrocompatible | manette DualSense | Wi-Fi | Bluetooth | sortie HDMI | lecteur DVD |
jeu en ligne | écran tactile | double écran | 3D sans lunettes | détection de mouvement | 120 Hz | 8K |
contrôle parental | 4K 60 fps | HDMI 1080p | jeux rétro | émulateur
"""),
        "retro_nb": _v("""
400 | 500 | 620 | 800 | 10000 | 15000 | 20000 | 3000 | 168 | 200 | 300 | 1000 | 5000 | 821 | 666
"""),
        "edition_console": _v("""
Édition Limitée | Édition Spéciale Zelda | Édition Animal Crossing | Édition Pokémon Écarlate et Violet |
Édition Mario Rouge | Édition Splatoon 3 | Édition God of War | Édition Spider-Man | Édition Call of Duty |
Édition Fortnite | Édition 20e anniversaire | Édition Halo | Édition Cyberpunk | Édition Gran Turismo | Pikachu Edition
"""),
    },
}

# ---------------------------------------------------------------------------
# 50 Accessoires gaming
# ---------------------------------------------------------------------------
CATEGORIES[50] = {
    "titles": _t("""
{accessoire} {compat}
{marque_acc} {accessoire} {compat} - {couleur}
{accessoire} pour {plateforme}
{accessoire} {marque_acc} {caract_acc}
Manette {compat} {caract_acc} {couleur}
{accessoire} {franchise_jeu} {compat}
{accessoire} officielle {constructeur} - {couleur}
Pack {accessoire} x{n} {compat}
{accessoire} - {compat} - {caract_acc} - {caract_acc}
{marque_acc} {accessoire}
{accessoire} pour {console}
{accessoire} {plateforme} {etat}
Casque Gaming {marque_acc} {caract_acc} {compat}
{accessoire} {couleur} {compat} Neuf
{accessoire} Edition {franchise_jeu}
{accessoire} {compat} - Wireless Controller
Carte PlayStation Store {prix} EUR
Carte Nintendo eShop {prix} €
{marque_acc} {modele_acc} {compat}
{accessoire} {marque_acc} {modele_acc}
Accessoire {plateforme} : {accessoire}
{accessoire} {compat} {caract_acc} - {livraison}
{accessoire} compatible {console}
{accessoire} + {accessoire} {compat}
[{plateforme}] {accessoire} {couleur}
{accessoire} pour manette {plateforme}
{accessoire} {compat} {couleur} {bruit}
{marque_acc} {modele_acc}
Kit {n} en 1 accessoires {compat}
{accessoire} {personnage} {compat}
"""),
    "descriptions": _t("""
{accessoire} {compat}, {caract_acc}, {caract_acc}. {etat}. {livraison}.
Caractéristiques : {caract_acc} / {caract_acc} / {caract_acc}. Compatibilité : {plateforme}.
Package includes: 1 x {accessoire}, 1 x câble USB, 1 x manuel. {caract_acc}.
Accessoire officiel {constructeur}. {etat}. Fonctionne parfaitement avec {console}.
Profitez pleinement de {titre_jeu} avec cet accessoire : {caract_acc}. Garantie 1 an.
Manette d'occasion testée, aucun drift. {etat}. Envoi soigné.
Conception ergonomique, {caract_acc}. Idéal pour les longues sessions de jeu. Couleur : {couleur}.
{marque_acc} {modele_acc} : {caract_acc}, {caract_acc}. Compatible {compat}.
Produit neuf non officiel de haute qualité, {compat}. {livraison}.
Protégez votre {console} : {accessoire} en {matiere}, {caract_acc}. Dimensions : {cm} x {cm2} cm.
Livré sans boîte d'origine. {etat}. {livraison}.
Specifications: {caract_acc}, {caract_acc}. Plug and play, no driver needed. {phrase_en}.
L'accessoire idéal pour les gamers : {caract_acc}. Edition {franchise_jeu}.
Carte prépayée à usage immédiat, code envoyé par email. Valable sur le store {constructeur}.
Accessoire rétro pour {console}, original {constructeur}. {etat}. Pour collectionneurs.
Rechargez vos manettes en même temps : {caract_acc}, indicateur LED. {compat}.
Son immersif, {caract_acc}, coussinets à mémoire de forme. Micro détachable. {compat}.
"""),
    "slots": {
        "accessoire": _v("""
manette sans fil | manette filaire | manette DualShock 4 | manette DualSense | manette Xbox sans fil |
Joy-Con (paire) | Joy-Con gauche | Manette Pro | casque gaming | casque micro | casque sans fil | station de charge |
chargeur double manette | câble de charge USB-C | câble HDMI 2.1 | câble AV | câble péritel | housse de transport |
étui de protection | coque en silicone | protection d'écran en verre trempé | volant | volant + pédalier | joystick |
stick arcade | carte mémoire | disque dur externe | ventilateur de refroidissement | support vertical |
dock de charge | grip | capuchons de joysticks | batterie rechargeable | adaptateur secteur | alimentation |
Wiimote | Nunchuk | Balance Board | caméra | casque VR | pistolet | tapis de danse | kit d'accessoires | sacoche |
support de téléphone pour manette | clavier gaming | souris gaming | tapis de souris XXL | micro streaming |
carte de capture | fauteuil gaming | bureau gaming | adaptateur Bluetooth | récepteur sans fil | stylet |
boîte de rangement cartouches | repose-poignet | télécommande multimédia | cordon de charge | palettes
"""),
        "marque_acc": _v("""
Sony | Microsoft | Nintendo | Logitech | Logitech G | Razer | Turtle Beach | SteelSeries | HyperX | Corsair |
Astro Gaming | Thrustmaster | PowerA | Hori | HORI | Nacon | BigBen | Subsonic | Under Control | Konix |
Trust Gaming | Venom | Snakebyte | 8BitDo | PDP | Mad Catz | Spirit of Gamer | Mars Gaming | Roccat | Orzly |
dreamGEAR | Elgato | Steelplay | Freaks and Geeks | Datel | Fanatec | Qumox | Sades | Redragon | Cooler Master
"""),
        "caract_acc": _v("""
sans fil 2,4 GHz | Bluetooth 5.0 | vibrations | gyroscope 6 axes | son surround 7.1 | micro antibruit |
rétroéclairage RGB | autonomie 20h | câble 3 m | compatible PC | mémoire 32 Go | double moteur |
prise jack 3,5 mm | retour de force | ergonomique | ultra-léger | LED | charge rapide | anti-dérapant |
plug and play | câble tressé | 4K 60Hz | pliable | réglable | haute précision 16000 DPI | turbo | fonction réveil |
touches programmables | sans latence | 900 degrés
"""),
        "compat": _v("""
compatible PS4 | compatible PS5 | pour Nintendo Switch | pour Switch OLED | compatible Xbox One | Xbox Series X/S |
compatible PC et PS4 | pour Wii | pour Wii U | pour 3DS XL | pour PS Vita | pour PSP | pour Steam Deck |
compatible Android et iOS | pour DS Lite | compatible PS3 | compatible Xbox 360 | multiplateforme | PS4/PS5/PC |
Switch / PC / Android | pour GameCube | pour Switch Lite
"""),
        "modele_acc": _v("""
G29 | G923 | T300 RS GT | T248 | TMX | T.Flight Hotas 4 | Stealth 600 | Arctis 7 | Arctis Nova Pro | Cloud II |
BlackShark V2 | Kraken X | Revolution Pro 3 | Elite Series 2 | Pro Controller | G502 Hero | DeathAdder | Recon 70 |
Void RGB | HD 60 S+ | Pulse 3D | Xbox Adaptive Controller | SN30 Pro | Ultimate | Horipad | Split Pad Pro |
Fighting Stick | RIG 500 | DualSense Edge | Wolverine V2
"""),
    },
}

# ---------------------------------------------------------------------------
# 2905 Jeux PC
# ---------------------------------------------------------------------------
CATEGORIES[2905] = {
    "titles": _t("""
{jeu_pc} - {support_pc} - PC
{jeu_pc} PC
Jeu PC {jeu_pc} [{support_pc}]
{jeu_pc} {edition_jeu} - PC {support_pc}
{jeu_pc_ancien} - PC CD-ROM
{jeu_pc_ancien} - Jeu PC {annee}
{titre_jeu} - PC - {support_pc}
{titre_jeu} (PC)
{jeu_pc} - PC Windows
{jeu_pc} | Jeu PC | {support_pc}
PC - {jeu_pc} - {edition_jeu}
{jeu_pc} [PC Download]
{jeu_pc} {dlc_pc} (PC)
{jeu_pc_ancien} - PC Big Box
{jeu_pc_ancien} - {etat}
Jeu PC {jeu_pc_ancien} - Version française - Windows 95/98
{jeu_pc} Steam Key GLOBAL
{jeu_pc} - PC/Mac - {support_pc}
{jeu_pc} - Jeu de {genre_jeu} PC
{jeu_pc} ({support_pc}) - {version_jeu}
{jeu_pc} - {editeur_jeu} - PC
{titre_jeu} PC DVD
{jeu_pc} - Code de téléchargement PC
{jeu_pc} : {edition_jeu} [Code Jeu PC - Steam]
{jeu_pc} PC Windows 10 {support_pc}
Jeux PC {jeu_pc_ancien} + {jeu_pc_ancien}
{jeu_pc}
{jeu_pc} - {dlc_pc}
{jeu_pc_ancien} PC
Jeu PC - {jeu_pc} - {pegi}
"""),
    "descriptions": _t("""
Configuration minimale : {config_pc}, {config_pc}, {config_pc}, {config_pc}.
{jeu_pc} est un {genre_jeu} {adj_jeu}. {feature_jeu}, {feature_jeu}. Activation sur {support_pc}.
About the game: {feature_jeu_en}. {feature_jeu_en}. {feature_jeu_en}. Minimum requirements: {config_pc}, {config_pc}.
Vous recevrez votre clé d'activation par email immédiatement après l'achat. {support_pc}. Langues : français inclus.
Jeu PC en version boîte, DVD-ROM. {etat}. {config_pc} requis.
Ancien jeu PC CD-ROM de {annee}, {etat}, complet avec manuel. Compatible {config_pc}.
{titre}. Plateforme : PC. {support_pc}. Editeur : {editeur_jeu}.
Système requis : {config_pc} / {config_pc} / {config_pc}. Connexion Internet et compte {support_pc} requis.
Build, manage and conquer! {feature_jeu_en}. {feature_jeu_en}.
Plongez dans l'univers de {jeu_pc} : {feature_jeu}. {pegi}.
Code de téléchargement à activer sur {support_pc}. Aucune livraison physique. Région : Europe.
Le jeu de stratégie culte revient ! {feature_jeu}, {feature_jeu}. {config_pc}.
Version française complète. {jeu_pc_ancien} sur PC, {etat}. Boîtier cristal.
Contenu : jeu de base + {dlc_pc}. Clé valable sur {support_pc}. {pegi}.
Important : ce produit nécessite {config_pc} et un compte {support_pc}.
PC DVD-ROM, {version_jeu}. {etat}. {livraison}.
Key Features: {feature_jeu_en} - {feature_jeu_en} - {feature_jeu_en}. System Requirements: OS: {config_pc}; Memory: {config_pc}; Graphics: {config_pc}.
Recommandé : {config_pc}, {config_pc}, {config_pc}. Espace disque : {n} Go.
"""),
    "slots": {
        "jeu_pc": _v("""
World of Warcraft The War Within | Age of Empires IV | Age of Empires II Definitive Edition | Civilization VI |
Sid Meier's Civilization VII | Football Manager 2024 | Anno 1800 | Farming Simulator 22 | Farming Simulator 25 |
Euro Truck Simulator 2 | American Truck Simulator | Microsoft Flight Simulator 2020 | Diablo IV | StarCraft II |
Counter-Strike 2 | Half-Life 2 | Half-Life Alyx | Portal 2 | Les Sims 4 | SimCity | Total War Warhammer III |
Total War Rome II | Cities Skylines II | Command & Conquer Remastered | Warcraft III Reforged | Baldur's Gate 3 |
Heroes of Might and Magic III HD | Stellaris | Hearts of Iron IV | Crusader Kings III | Europa Universalis IV |
Planet Coaster 2 | Planet Zoo | Jurassic World Evolution 2 | Two Point Hospital | Frostpunk 2 | Stardew Valley |
Terraria | Valheim | Rust | ARK Survival Ascended | DayZ | Subnautica | No Man's Sky | Sons of the Forest |
Satisfactory | Factorio | RimWorld | Kenshi | Mount & Blade II Bannerlord | Arma 3 | Company of Heroes 3 |
XCOM 2 | Dishonored 2 | Divinity Original Sin 2 | Pillars of Eternity | Mass Effect Legendary Edition |
The Elder Scrolls Online | Guild Wars 2 | Starfield | Cyberpunk 2077 Phantom Liberty | The Witcher 3 Wild Hunt |
Elden Ring | Hogwarts Legacy | Palworld | Hades II | Hollow Knight | Deep Rock Galactic | Sea of Thieves |
Railway Empire 2 | Train Sim World 4 | SnowRunner | Ready or Not | Manor Lords | Kingdom Come Deliverance II |
Anno 117 | Dofus | Ghost of Tsushima Director's Cut
"""),
        "jeu_pc_ancien": _v("""
Half-Life | Doom | Quake III Arena | Diablo II | Age of Empires II The Age of Kings | Starcraft Brood War |
Warcraft II | Command & Conquer Alerte Rouge | Les Sims | SimCity 4 | Theme Hospital | Dungeon Keeper |
Baldur's Gate | Fallout 2 | Deus Ex | Unreal Tournament | Counter-Strike 1.6 | Max Payne |
Heroes of Might and Magic II | Myst | Monkey Island | Les Chevaliers de Baphomet | Alone in the Dark | Adibou |
L'Aventure Lapin Malin | Flight Simulator X | Age of Mythology | Rome Total War | Black & White | Sacred |
The Settlers III | Caesar III | Pharaon | Zeus Le Maître de l'Olympe | Anno 1602 | Tropico | Railroad Tycoon II |
Championship Manager 03/04 | Worms Armageddon | Lemmings | Prince of Persia 3D | Dune II | Warcraft III |
Call of Duty 2 | Medal of Honor Débarquement Allié | Rollercoaster Tycoon | Zoo Tycoon | Lapin Malin Maternelle |
Syberia | L'Amerzone | Atlantis | Versailles 1685 | Little Big Adventure 2
"""),
        "support_pc": _v("""
Steam Key | clé Steam | code de téléchargement | Code in a box | DVD-ROM | CD-ROM | Clé Epic Games |
Ubisoft Connect | EA App | Battle.net | GOG | Origin | Windows Store | Xbox Game Pass PC | version boîte |
téléchargement | Digital Download | Clé CD | Key Global | Region Free | Steam | Rockstar Launcher
"""),
        "config_pc": _v("""
Windows 10 64 bits | Windows 11 | Windows 7 | Windows XP | Windows 98 | Mac OS X | processeur Intel Core i5-4460 |
AMD Ryzen 5 1600 | 8 Go de RAM | 16 Go de RAM | NVIDIA GeForce GTX 970 | GeForce RTX 2060 | AMD Radeon RX 580 |
DirectX 12 | DirectX 9.0c | 70 Go d'espace disque | 150 Go SSD | connexion Internet requise |
Pentium III 800 MHz | 512 Mo de RAM | carte graphique 3D 64 Mo | lecteur DVD-ROM | Intel Core i7-8700 |
32 Go de RAM | GeForce RTX 3070 | Windows 95 | Pentium 133 MHz | 16 Mo de RAM | carte son compatible Sound Blaster
"""),
        "dlc_pc": _v("""
Season Pass | Pack d'extension | Extension officielle | Expansion Pack | Soundtrack | Premium Edition |
Platinum Edition | DLC | Collector | Complete Pack | Pack de contenus | Gold Pack | Starter Pack | Anniversary Pack |
Year 1 Pass | Digital Deluxe
"""),
    },
}

# ---------------------------------------------------------------------------
# 1280 Jouets enfant
# ---------------------------------------------------------------------------
CATEGORIES[1280] = {
    "titles": _t("""
{jouet} {gamme_jouet} {caract_jouet}
{marque_jouet} - {jouet} - {age}
{gamme_jouet} - {jouet} - {ref}
{gamme_jouet} {ref} - {jouet}
{jouet} {personnage} {taille_jouet}
Peluche {personnage} {taille_jouet} {caract_jouet}
{jouet} {franchise_pop} - {marque_jouet}
{jouet} pour enfant {age} {couleur}
{marque_jouet} {ref} {jouet} {caract_jouet}
{jouet} {caract_jouet} - Jouet {age}
Jouet {jouet} {licence_enfant}
{licence_enfant} - {jouet} {caract_jouet}
{jouet} en bois {marque_jouet} - {age}
{jouet} {taille_jouet} - {couleur} - {age}
{marque_jouet} {gamme_jouet} - Coffret {jouet}
{jouet} Cadeau Enfant Garçon Fille {age}
{jouet} {caract_jouet} {caract_jouet}
Jouet {marque_jouet} - {jouet} - Neuf
{jouet} - {etat}
{gamme_jouet} {ref} {jouet} {etat}
Figurine {personnage} {taille_jouet} {marque_jouet}
{jouet} {licence_enfant} {age} - Idée cadeau Noël
{jouet} {couleur} {caract_jouet} - {pieces} pièces
Lot {jouet} + {jouet} {marque_jouet}
{jouet} - Kids Toy {caract_jouet} {age}
{marque_jouet} {jouet} {licence_enfant} {taille_jouet}
{jouet} Jouet Enfant Bébé {age_bebe}
{jouet} {franchise_pop} {personnage}
{gamme_jouet} {ref}
{marque_jouet} {gamme_jouet} {ref} {bruit}
"""),
    "descriptions": _t("""
{jouet} {caract_jouet}, {caract_jouet}. Convient aux enfants {age}. {livraison}.
Avec ce jouet {marque_jouet}, votre enfant développe son imagination et sa motricité. Dimensions : {cm} x {cm2} cm. {age}.
Contenu : 1 {jouet}, accessoires, notice. Fonctionne avec {n} piles LR6 non fournies. {age}.
Attention ! Ne convient pas aux enfants de moins de 36 mois. Petits éléments. Risque d'étouffement.
Jouet d'occasion en {etat}, complet. Provenance maison non fumeur. {livraison}.
{gamme_jouet} : {caract_jouet}. Idéal comme cadeau d'anniversaire ou de Noël.
Matière : {matiere}. Taille : {taille_jouet}. {phrase_en}. {phrase_en}.
Boîte neuve jamais ouverte, {marque_jouet} référence {ref}. {pieces} pièces. {age}.
Peluche {caract_jouet}, {taille_jouet}. Lavable à 30°C. Conforme à la norme EN71.
Retrouve {personnage} et tous ses amis de {licence_enfant} ! {caract_jouet}.
{titre}. Jouet {caract_jouet} pour les enfants {age}. Couleur : {couleur}.
100% brand new and high quality. {phrase_en}. {phrase_en}.
Véhicule {caract_jouet}, autonomie {n} minutes, portée 50 m. Batterie rechargeable incluse.
Set {gamme_jouet} de {pieces} pièces. Construis, joue et imagine ! {age}.
Jouet en bois certifié FSC, peinture à base d'eau. {caract_jouet}. {marque_jouet}.
Toutes les pièces sont présentes, notice incluse. Boîte légèrement abîmée. {etat}.
"""),
    "slots": {
        "jouet": _v("""
peluche | peluche géante | doudou | poupée | poupon | poupée mannequin | voiture télécommandée | circuit de voitures |
garage | cuisine enfant | dînette | caisse enregistreuse | établi | boîte à outils enfant | ferme | château fort |
maison de poupée | robot | robot interactif | drone | jouet d'éveil | tableau magique | xylophone | piano enfant |
guitare enfant | jeu de construction | cubes en bois | train en bois | circuit de train | marionnette |
théâtre de marionnettes | déguisement | panoplie | pistolet Nerf | talkie-walkie | appareil photo enfant |
tablette éducative | montre connectée enfant | kit créatif | pâte à modeler | slime | jouet de bain |
camion de pompier | tracteur | avion | bateau pirate | hélicoptère | figurine articulée | coffret | jouet à tirer |
trieur de formes | toupie | toupie Beyblade | yoyo | voiture à friction | tapis de jeu | tente enfant |
poussette de poupée | landau de poupée | lit de poupée | sac à main enfant | bijoux enfant | kit maquillage enfant |
microscope enfant | télescope enfant | kit scientifique | machine à bulles | lampe de poche enfant | jouet musical |
baguette magique | épée en mousse | circuit à billes | animal interactif | camion benne | voiture miniature
"""),
        "gamme_jouet": _v("""
Lego City | Lego Technic | Lego Friends | Lego Star Wars | Lego Duplo | Lego Ninjago | Lego Creator | Lego Marvel |
Lego Harry Potter | Playmobil City Life | Playmobil Country | Playmobil Pirates | Playmobil Novelmore |
Playmobil 1.2.3 | Barbie Dreamhouse | Barbie Extra | Hot Wheels City | Hot Wheels Monster Trucks | Nerf Elite 2.0 |
Nerf Fortnite | Pat' Patrouille | Peppa Pig | Gabby et la maison magique | Bluey | Miraculous | LOL Surprise |
Pyjamasques | Spidey et ses amis | Cars | Reine des Neiges | Sylvanian Families | Polly Pocket | Pokémon |
Super Mario | Jurassic World | Transformers | Power Rangers | Tortues Ninja | Marvel Spider-Man | Avengers |
Sonic Prime | Fisher-Price Little People | Vtech Tut Tut Bolides | Vtech Kidizoom | Vtech Tut Tut Animo |
Cry Babies | Baby Born | Ma Corolle | Gormiti | Zuru 5 Surprise | Squishmallows | Magic Mixies | Furby |
Tamagotchi | Bakugan | Majorette | Schleich Horse Club | Schleich Wild Life | Schleich Dinosaurs |
Meccano Junior | Smoby Tefal | Ecoiffier Abrick | My Little Pony | Monster High | Enchantimals | Hatchimals |
Toy Story | Minecraft | Lego Icons | Lego Architecture | Lego Disney
"""),
        "caract_jouet": _v("""
sonore et lumineux | avec sons et lumières | télécommandé | rechargeable USB | à piles (non fournies) | piles incluses |
en bois FSC | en plastique recyclé | lavable en machine | ultra doux | articulé | interactif | éducatif | Montessori |
magnétique | plus de 100 accessoires | pliable | avec accessoires | grande taille | parle français |
chante des comptines | tout-terrain | vitesse 20 km/h | étanche | avec télécommande 2,4 GHz | fabriqué en France |
fabriqué en Europe | sans BPA | norme CE | peint à la main | programmable | 3 en 1
"""),
        "taille_jouet": _v("""
30 cm | 40 cm | 50 cm | 25 cm | 60 cm | 80 cm | 1 m | 1,20 m | 15 cm | 20 cm | 35 cm | 45 cm | taille XXL |
géante | mini | format poche | 28 cm | 1/16 | 1/24
"""),
    },
}

# ---------------------------------------------------------------------------
# 1281 Jeux enfant (jeux de société, puzzles, jeux éducatifs)
# ---------------------------------------------------------------------------
CATEGORIES[1281] = {
    "titles": _t("""
{jeu_societe} - {editeur_jeu_soc}
{jeu_societe} - {type_jeu_enf} {age}
Jeu de société {jeu_societe} {nb_joueurs}
Puzzle {pieces} pièces {theme_puzzle} - {editeur_jeu_soc}
Puzzle {theme_puzzle} {pieces} pcs
{type_jeu_enf} {licence_enfant} {age}
{jeu_societe} {licence_enfant}
{jeu_societe} édition {franchise_pop}
{editeur_jeu_soc} {jeu_societe} - {etat}
{type_jeu_enf} {marque_jouet} - {theme_puzzle}
{jeu_societe} - Version française - {nb_joueurs}
Jeu {jeu_societe} complet
{jeu_societe} : extension
{type_jeu_enf} - {jeu_societe} - {age} - {duree}
Coffret {n} jeux éducatifs {marque_jouet} {age}
{jeu_societe} {etat}
Puzzle 3D {theme_puzzle} {marque_jouet}
{jeu_societe} - Jeu familial {nb_joueurs} {age}
Jeu de cartes {jeu_societe}
{type_jeu_enf} {theme_puzzle} en bois {age}
{jeu_societe} Junior
{editeur_jeu_soc} - {type_jeu_enf} - {licence_enfant}
Lot {jeu_societe} + {jeu_societe}
{jeu_societe} - Board Game - {nb_joueurs}
{jeu_societe} Edition {annee}
Jeu éducatif {licence_enfant} {marque_jouet} {age}
{jeu_societe} - {duree} - {nb_joueurs} - {age}
Puzzle enfant {licence_enfant} {pieces} pièces {age}
{jeu_societe}
{type_jeu_enf} {adj_jeu_soc} {age}
"""),
    "descriptions": _t("""
{jeu_societe}, le {type_jeu_enf} {adj_jeu_soc} pour toute la famille. {nb_joueurs}, {age}, durée {duree}.
Contenu : plateau de jeu, {n} pions, {n} cartes, 1 dé, règle du jeu. {etat}.
Jeu complet, vérifié pièce par pièce. {etat}. {livraison}.
Puzzle de {pieces} pièces, dimensions une fois assemblé : {cm} x {cm2} cm. Thème : {theme_puzzle}.
Un {type_jeu_enf} pour apprendre en s'amusant : lettres, chiffres, couleurs. {age}. {marque_jouet}.
{titre}. Nombre de joueurs : {nb_joueurs}. Âge : {age}. Durée d'une partie : {duree}.
Jeu d'occasion, boîte un peu usée mais contenu complet. Règles en français.
Le jeu d'ambiance incontournable des soirées ! {nb_joueurs}. {duree}. {adj_jeu_soc} et {adj_jeu_soc}.
Neuf sous blister. {editeur_jeu_soc}. {nb_joueurs}. {age}.
Strategy board game for the whole family. {nb_joueurs}. Ages 8+. French version.
Un {type_jeu_enf} {adj_jeu_soc} avec les personnages de {licence_enfant}. Développe la mémoire et l'observation.
Jeu de cartes {adj_jeu_soc} : {n} cartes illustrées, règles simples. {duree}. Idéal en voyage.
Pièces en carton épais, finition anti-reflet. Poster inclus. {pieces} pièces, {age}.
Jeu en bois inspiré de la pédagogie Montessori. {age}. {marque_jouet}. Peinture non toxique.
Jeu {etat}, il manque une pièce (voir photos). Prix en conséquence.
Jeu primé à l'As d'Or. {nb_joueurs}, {duree}. {editeur_jeu_soc}.
"""),
    "slots": {
        "jeu_societe": _v("""
Monopoly | Monopoly Junior | Monopoly Deal | Uno | Uno Flip | Dobble | Cluedo | Trivial Pursuit | Puissance 4 |
Jungle Speed | Mille Bornes | Scrabble | Scrabble Junior | Qui est-ce ? | Docteur Maboul | Jenga | Twister |
La Bonne Paye | Destins - Le Jeu de la Vie | Pictionary | Taboo | Time's Up | Skyjo | Dixit | Les Aventuriers du Rail |
Catan | Carcassonne | 7 Wonders | Les Loups-Garous de Thiercelieux | Kingdomino | Splendor | Azul | Codenames |
Hanabi | Bazar Bizarre | Le Verger | Premier Verger | Rush Hour | Lynx | Memory | Loto des animaux | Dominos |
Jeu de l'oie | Petits chevaux | Jeu d'échecs | Jeu de dames | Mastermind | Touché Coulé | Hippos Gloutons |
Crocodile Dentiste | Pique Plume | Mysterium | Halli Galli | Speed Cups | Cortex Challenge | 6 qui prend | Unlock |
Exit Le Jeu | Perudo | Yam's | Rummikub | Triominos | Boggle | Mikado | Cochon qui rit | Tic Tac Boum | Burger Quiz |
Petits Meurtres et Faits Divers | Kluster | Just One | The Mind | Cache Noisettes | Mon premier Dobble | Sushi Go |
Quarto | Quoridor | Labyrinthe | Bataille Navale
"""),
        "type_jeu_enf": _v("""
jeu de société | jeu de cartes | jeu de plateau | puzzle | puzzle 3D | jeu éducatif | jeu de mémoire |
jeu d'ambiance | jeu de stratégie | jeu coopératif | jeu de lettres | jeu de logique | jeu d'adresse | jeu de dés |
jeu d'observation | jeu de rapidité | escape game | jeu de quiz | loto | jeu magnétique | casse-tête | jeu de tri |
jeu de mathématiques | jeu d'apprentissage de la lecture | jeu électronique | jeu de voyage | jeu familial |
jeu d'enquête
"""),
        "theme_puzzle": _v("""
paysage de montagne | carte du monde | animaux de la ferme | dinosaures | Paris Tour Eiffel | chatons | chevaux |
Van Gogh La Nuit étoilée | Monet Les Nymphéas | coucher de soleil | village de Noël | système solaire |
fonds marins | licornes | princesses | pompiers | alphabet | chiffres | le corps humain | Venise | New York |
bibliothèque | Wasgij | jungle | panorama | Disney Classics | Harry Potter Poudlard | châteaux de la Loire
"""),
        "nb_joueurs": _v("""
2 à 4 joueurs | 2-6 joueurs | 1 à 4 joueurs | 3 à 8 joueurs | 2 joueurs | 2 à 10 joueurs | solo |
1 joueur et + | 4 à 12 joueurs | 3-6 joueurs | 2 à 5 joueurs | jusqu'à 6 joueurs | 2 à 8 joueurs |
à partir de 2 joueurs | 1-2 joueurs | 2-4 players
"""),
        "duree": _v("""
15 min | 20 minutes | 30 min | 45 min | 1 heure | 10 minutes | 5 min | 60-90 min | partie rapide | 20-30 min |
30-45 min | environ 25 minutes | 2 heures | 15-20 min | 10-15 min
"""),
        "editeur_jeu_soc": _v("""
Hasbro Gaming | Asmodee | Gigamic | Cocktail Games | Iello | Days of Wonder | Haba | Djeco | Ravensburger |
Clementoni | Goliath | Mattel Games | Jumbo | Bioviva | Educa | Nathan | Dujardin | Blue Orange |
Repos Production | Libellud | Space Cowboys | Lansay | Megableu | Zoch | Ludonaute | Matagot | Bombyx |
Piatnik | Schmidt | Smart Games | Winning Moves | Topi Games | Grandpa Beck's
"""),
        "adj_jeu_soc": _v("""
drôle | rapide | malin | culte | convivial | coopératif | stratégique | familial | hilarant | intergénérationnel |
éducatif | ludique | captivant | facile à prendre en main | incontournable | original | déjanté | tactique
"""),
    },
}

# ---------------------------------------------------------------------------
# 1302 Jeux de plein air
# ---------------------------------------------------------------------------
CATEGORIES[1302] = {
    "titles": _t("""
{article_plein_air} {marque_plein_air} {caract_plein_air}
{article_plein_air} enfant {age}
{article_plein_air} - {couleur} - {age}
{marque_plein_air} {article_plein_air} {dimension}
{article_plein_air} {matiere} {caract_plein_air}
{article_plein_air} de jardin pour enfants {caract_plein_air}
{article_plein_air} {licence_enfant} {age}
{article_plein_air} {caract_plein_air} - {marque_plein_air}
Jeu de plein air {article_plein_air} {age}
{article_plein_air} {cm} cm {couleur}
{article_plein_air} + {article_plein_air} - {marque_jouet}
{marque_jouet} {article_plein_air} {couleur}
{article_plein_air} {caract_plein_air} {caract_plein_air}
{article_plein_air} - Jouet d'extérieur {age}
{article_plein_air} {etat}
{article_plein_air} Outdoor {caract_plein_air}
Set {article_plein_air} {n} pièces
{article_plein_air} pour jardin {dimension}
{marque_plein_air} - {article_plein_air} - Réf {ref}
{article_plein_air} {franchise_pop}
{article_plein_air} plage et jardin {age}
{article_plein_air} {caract_plein_air} {bruit}
{article_plein_air} {marque_plein_air}
{article_plein_air} - {matiere} - {dimension}
{article_plein_air} été {age} {couleur}
{article_plein_air} XXL {caract_plein_air}
{article_plein_air} {couleur} {marque_plein_air} {age}
{article_plein_air}
"""),
    "descriptions": _t("""
{article_plein_air} {caract_plein_air}, {caract_plein_air}. Pour les enfants {age}. {livraison}.
Profitez de l'été en famille avec ce {article_plein_air} {marque_plein_air}. Dimensions : {dimension}.
Structure en {matiere}, {caract_plein_air}. Montage facile, notice en français incluse.
Dimensions : {cm} x {cm2} cm. Poids max. utilisateur : {n}0 kg. {caract_plein_air}.
Idéal pour le jardin, la plage ou le camping. {phrase_en}. {phrase_en}.
{titre}. Couleur : {couleur}. Conforme à la norme EN 71. À utiliser sous la surveillance d'un adulte.
Occasion, servi un été, {etat}. À venir chercher sur place ou envoi en transporteur.
Jeu d'extérieur {caract_plein_air} pour développer l'équilibre et la motricité. {age}.
Attention : ne convient pas aux enfants de moins de 36 mois. Usage familial extérieur uniquement.
Pack complet : {article_plein_air}, {article_plein_air} et sac de rangement. {marque_plein_air}.
Garantie {n} ans sur la structure. Pièces détachées disponibles. {livraison}.
Bois traité autoclave classe 4, visserie inox. {caract_plein_air}. Livré en kit.
Ideal for outdoor fun! {phrase_en}. Suitable for kids {age}.
Des heures de jeu au grand air ! {caract_plein_air}, {caract_plein_air}. {dimension}.
Roues en PU silencieuses, guidon réglable, {caract_plein_air}. Couleur {couleur}.
Produit neuf en carton d'origine. Livraison à domicile sur rendez-vous.
"""),
    "slots": {
        "article_plein_air": _v("""
trampoline | trampoline avec filet de sécurité | balançoire | portique | portique en bois | toboggan | bac à sable |
cabane enfant | maisonnette de jardin | tente de jeu | tunnel de jeu | pistolet à eau | fusil à eau | ballons à eau |
ballon de football | but de football | panier de basket | filet de volley | trottinette | trottinette 3 roues |
draisienne | vélo enfant | tricycle évolutif | porteur | kart à pédales | tracteur à pédales | voiture électrique enfant |
quad électrique | Mölkky | jeu de pétanque | boules de pétanque | set de badminton | raquettes de plage | frisbee |
cerf-volant | slackline | jeu de quilles | croquet | table de ping-pong | raquettes de ping-pong | rollers |
skateboard | patins à roulettes | corde à sauter | bulles de savon géantes | jeu de palets | jeu de lancer d'anneaux |
arc et flèches ventouses | tapis de glisse aquatique | piscine à balles | piscine gonflable enfant | pataugeoire |
jeu de fléchettes | jeu de Kubb | échasses | pogo stick | hamac enfant | tyrolienne | mur d'escalade |
ballon sauteur | filet de trampoline | échelle de trampoline | Puissance 4 géant | Jenga géant | cornhole |
jeu de boules | ballon de rugby | balançoire nid d'oiseau | siège de balançoire | anneaux de gymnastique
"""),
        "marque_plein_air": _v("""
Hudora | Plum | Smoby | Little Tikes | Step2 | Berg | Oxybul | Soulet | Trigano | KBT | Wavesport | Intex | Bestway |
Vilac | Outsunny | Homcom | Kettler | Micro | Globber | Oxelo | Wilson | Spalding | Mondo | Obut | La Boule Bleue |
Tactic | Cornilleau | Kangui | Jumpi | Kinderkraft | Rolly Toys | Peg Perego | Injusa | Nerf | Mookie | Feber |
Exit Toys | Salta | Schildkröt
"""),
        "caract_plein_air": _v("""
charge max 100 kg | structure en acier galvanisé | bois traité autoclave | filet de sécurité | pliable |
réglable en hauteur | résistant aux UV | facile à monter | sans outils | certifié EN 71 | pour l'extérieur |
usage intérieur et extérieur | roues lumineuses LED | frein arrière | guidon réglable | batterie 12V |
télécommande parentale | ancrage au sol inclus | housse de protection | anti-basculement | coussin de protection |
mousse haute densité | résistant aux intempéries | léger | diamètre 305 cm | diamètre 366 cm | 3 en 1 | évolutif |
avec sac de transport
"""),
    },
}

# ---------------------------------------------------------------------------
# 1300 Modélisme
# ---------------------------------------------------------------------------
CATEGORIES[1300] = {
    "titles": _t("""
{marque_modelisme} {ref} {sujet_maquette} {echelle}
Maquette {sujet_maquette} {echelle} - {marque_modelisme}
{sujet_maquette} - {echelle} - {caract_modelisme}
{article_modelisme} {marque_modelisme} {echelle}
{article_modelisme} {caract_modelisme} {echelle}
{marque_modelisme} - {article_modelisme} - Réf. {ref}
Kit {sujet_maquette} {echelle} {epoque}
{sujet_maquette} {epoque} - maquette plastique {echelle}
Voiture miniature {sujet_maquette} {echelle} {marque_modelisme}
{article_modelisme} {caract_modelisme} {caract_modelisme}
{marque_modelisme} {sujet_maquette} {echelle} {etat}
{article_modelisme} {echelle} {epoque} {marque_modelisme}
Locomotive {sujet_maquette} {echelle} {marque_modelisme}
Train électrique {echelle} - {article_modelisme} {marque_modelisme}
{article_modelisme} pour modélisme {echelle}
{sujet_maquette} ({echelle}) - {etat}
Maquette à monter {sujet_maquette} - {pieces} pièces
{article_modelisme} {franchise_pop} {echelle}
{sujet_maquette} {echelle} {caract_modelisme} - {marque_modelisme}
{article_modelisme} RC {caract_modelisme} {couleur}
{marque_modelisme} {article_modelisme} {caract_modelisme} - {ref}
Miniature {sujet_maquette} {echelle} en boîte
{article_modelisme} - {marque_modelisme}
Diorama {epoque} {echelle}
{sujet_maquette} {echelle}
{marque_modelisme} {ref}
{article_modelisme} {epoque} {etat}
Lot {article_modelisme} {echelle} {marque_modelisme}
"""),
    "descriptions": _t("""
Maquette {marque_modelisme} au {echelle}, {caract_modelisme}. {pieces} pièces. Colle et peinture non fournies.
Kit de modélisme {sujet_maquette} {epoque}. Niveau de difficulté {n}/5. Notice détaillée en plusieurs langues.
{article_modelisme} {caract_modelisme}, {caract_modelisme}. Longueur : {cm} cm. {livraison}.
Miniature {sujet_maquette} à l'échelle {echelle}, {caract_modelisme}. Livrée sous vitrine plexiglas.
Matériel ferroviaire {marque_modelisme} {echelle} {epoque}, {etat}. Testé sur réseau, fonctionne parfaitement.
{titre}. Boîte d'origine, grappes sous sachet, {etat}. Pour modéliste averti.
Voiture RC {caract_modelisme}, vitesse max {n} km/h, radio 2,4 GHz, batterie et chargeur inclus.
Modèle réduit {caract_modelisme} pour collectionneur. {marque_modelisme}, référence {ref}.
Peinture acrylique pour maquettes et figurines, pot de 17 ml. {marque_modelisme}.
Scale model kit, {echelle}, {caract_modelisme}. {phrase_en}.
Coffret de départ complet : locomotive, {n} wagons, ovale de rails et transformateur. {echelle}.
Pièce détachée d'origine {marque_modelisme} pour {article_modelisme}. {etat}. Envoi soigné.
Reproduction fidèle du {sujet_maquette}, nombreux détails, décalcomanies pour {n} versions. {echelle}.
Modèle monté et peint par mes soins, {caract_modelisme}. {etat}. Pièce unique.
Collection {marque_modelisme} au {echelle} avec fascicule. {etat}.
"""),
    "slots": {
        "echelle": _v("""
1/35 | 1/72 | 1/48 | 1/24 | 1/43 | 1/87 HO | 1/160 N | 1/144 | 1/32 | 1/18 | 1/12 | 1/10 | 1/8 | 1/700 | 1/350 |
1/200 | 1/100 | 1/76 | 1/25 | 1:43 | 1:18 | 1:87 | échelle HO | échelle N | échelle 0 | 1/220 Z | 1/16
"""),
        "sujet_maquette": _v("""
Spitfire Mk.IX | Tigre I | Panther Ausf.G | Sherman M4A3 | Messerschmitt Bf 109 | Focke-Wulf Fw 190 |
P-51 Mustang | Rafale C | Mirage 2000 | F-16 Fighting Falcon | F-14 Tomcat | Eurofighter Typhoon | Stuka Ju 87 |
Avro Lancaster | B-17 Flying Fortress | Porsche 911 | Renault 4L | Citroën 2CV | Citroën DS 19 | Peugeot 205 GTI |
Alpine A110 | Ferrari F40 | Lamborghini Countach | Ford Mustang 1967 | Bugatti Chiron | Titanic | Bismarck |
porte-avions Charles de Gaulle | Black Pearl | frégate Hermione | HMS Victory | Cutty Sark | Belem | BB 9004 |
CC 72000 | TGV Duplex | 141 R | autorail X2800 | Concorde | Airbus A380 | Boeing 747 | Saturn V |
Millennium Falcon | X-Wing | Harley Davidson Fat Boy | Vespa | hélicoptère Tigre | Alouette III | char Leclerc |
AMX-30 | Jeep Willys | Kübelwagen | camion Berliet | tracteur Massey Ferguson | Gundam RX-78-2 | Renault 5 Turbo |
Peugeot 404 | Simca 1000 | Caravelle | Nautilus
"""),
        "article_modelisme": _v("""
maquette plastique | maquette en bois | kit à monter | voiture RC | buggy RC | crawler RC | hélicoptère RC |
avion RC | planeur RC | bateau RC | drone FPV | locomotive | wagon | coffret de départ | rails | aiguillage |
transformateur | décor ferroviaire | bâtiment en kit | figurines HO | peinture acrylique | pot de peinture |
pinceau fin | colle plastique | aérographe | compresseur | servo | batterie LiPo | chargeur LiPo | radiocommande |
récepteur | moteur brushless | variateur ESC | hélice | pneus | carrosserie | décalcomanies | photodécoupe | mastic |
voiture miniature | miniature diecast | autorail | socle vitrine | camion miniature | tracteur miniature |
maquette de bateau | coque
"""),
        "marque_modelisme": _v("""
Revell | Tamiya | Airfix | Heller | Italeri | Hasegawa | Trumpeter | Academy | Zvezda | Dragon | Hornby | Jouef |
Märklin | Roco | Piko | Fleischmann | LS Models | Kibri | Faller | Noch | Norev | Solido | Minichamps | Bburago |
Spark | Ixo | Altaya | Hachette Collections | Editions Atlas | Carson | Graupner | Kyosho | Traxxas | Arrma |
HPI Racing | FTX | T2M | Dynam | E-flite | Blade | Bandai | Vallejo | AK Interactive | Humbrol | Mig Ammo |
Eduard | Amati | Corel | Artesania Latina | Mantua | Billing Boats | Occre | Lima | Rivarossi | Kato | Minitrix |
REE Modeles | Universal Hobbies | Dinky Toys | Corgi | Majorette
"""),
        "caract_modelisme": _v("""
kit à peindre | non monté | monté peint | prêt à rouler RTR | RTF | ARTF | 4x4 | brushless | 2,4 GHz |
pièces détachées | digital DCC | analogique | boîte d'origine | avec décalcomanies | niveau 3 | niveau débutant |
niveau expert | métal | diecast | résine | photodécoupe incluse | sous vitrine | étanche | 2S 7,4V | 3S 11,1V |
éclairage LED | sonorisé | 1/10 électrique | thermique nitro
"""),
        "epoque": _v("""
WWII | Seconde Guerre mondiale | Première Guerre mondiale | guerre du Vietnam | guerre froide | époque III |
époque IV | époque V | années 60 | années 70 | années 80 | Armée française | Luftwaffe | RAF | US Army |
Wehrmacht | Marine nationale | SNCF | époque napoléonienne | Afrika Korps
"""),
    },
}

# ---------------------------------------------------------------------------
# 1140 Figurines pop culture
# ---------------------------------------------------------------------------
CATEGORIES[1140] = {
    "titles": _t("""
{type_figurine} {franchise_pop} - {personnage} #{num}
Figurine {personnage} {franchise_pop} {taille_fig}
{type_figurine} {personnage} {taille_fig} - {marque_fig}
Funko Pop {personnage} {num} {franchise_pop}
{franchise_pop} - Figurine {personnage} - {etat_fig}
{marque_fig} {franchise_pop} {personnage} {type_figurine}
Figurine {franchise_pop} {personnage} {taille_fig} PVC
{goodies} {franchise_pop} {personnage}
{goodies} {franchise_pop} - Produit officiel
{type_figurine} {personnage} ({franchise_pop}) {etat_fig}
Statue {personnage} {franchise_pop} {taille_fig} {marque_fig}
Figurine {personnage} - {franchise_pop} - {marque_fig}
{personnage} {type_figurine} {taille_fig}
Pop! Vinyl {franchise_pop} {personnage} N°{num}
{type_figurine} {personnage} {etat_fig}
Lot de {n} figurines {franchise_pop}
{franchise_pop} {goodies} {personnage} - {marque_fig}
{marque_fig} - {personnage} - {type_figurine} - {taille_fig}
Figurine collector {personnage} {franchise_pop}
{personnage} figure {taille_fig} anime {franchise_pop}
{goodies} {personnage} {couleur}
Figurine articulée {personnage} {franchise_pop} {taille_fig}
{franchise_pop} {personnage}
{type_figurine} {franchise_pop} {etat_fig}
Réplique {franchise_pop} {goodies}
{franchise_pop} - {type_figurine} - {personnage} - {bruit}
Figurine {personnage} {taille_fig}
{marque_fig} {franchise_pop}
"""),
    "descriptions": _t("""
Figurine {personnage} issue de {franchise_pop}, {taille_fig}. {etat_fig}. {livraison}.
{type_figurine} de {personnage}, hauteur {taille_fig}, en PVC peint à la main. Produit sous licence officielle {marque_fig}.
{etat_fig}. La boîte peut présenter de légers défauts d'usine. Protection Pop protector offerte.
Statue de collection en résine, édition limitée à {num} exemplaires. {taille_fig}. Certificat d'authenticité.
{titre}. Figurine d'occasion, {etat_fig}. Provenance vitrine, non fumeur.
PVC figure, height approx. {taille_fig}. {phrase_en}. {phrase_en}.
Figurine articulée avec {n} accessoires et mains interchangeables. {taille_fig}. {marque_fig}.
Produit dérivé officiel {franchise_pop} : {goodies} {personnage}. {livraison}.
Figurine de qualité, détails soignés, socle inclus. Dimensions : {cm} x {cm2} cm.
Idéal pour les fans de {franchise_pop} ! {type_figurine} {personnage}, {etat_fig}.
Collection complète de {n} figurines {franchise_pop}, toutes {etat_fig}.
Attention : objet de collection, ne convient pas aux enfants de moins de 14 ans.
Figurine Banpresto authentique (pas une contrefaçon), sticker japonais présent. {taille_fig}.
{goodies} {franchise_pop} en {matiere}, {couleur}. Cadeau parfait pour les fans.
Figurine en parfait état, jamais déballée. Envoi en carton double épaisseur.
"""),
    "slots": {
        "type_figurine": _v("""
Funko Pop! | Figurine Pop Vinyl | figurine | statuette | statue résine | buste | figurine articulée | figurine PVC |
figurine Banpresto | S.H. Figuarts | Figma | Nendoroid | Hot Toys | Figurine Tsume | Kotobukiya ArtFX |
Marvel Legends | Black Series | figurine Grandista | figurine DXF | Ichiban Kuji | mini figurine | figurine en métal |
figurine Plastoy | figurine Pixi | figurine McFarlane | figurine NECA | Mezco One:12 | Q Posket | Chibi | Look Up |
Pop! Rides | Pop! Deluxe | Super Sized Pop 25 cm | figurine collector | diorama | porte-clés figurine |
Bobble head | figurine lumineuse | Pop! Moment | figurine Kidrobot
"""),
        "taille_fig": _v("""
9 cm | 10 cm | 12 cm | 15 cm | 16 cm | 18 cm | 20 cm | 22 cm | 25 cm | 28 cm | 30 cm | 35 cm | 40 cm | 1/6 |
1/4 | 1/8 | 1/7 | 1/10 Art Scale | 6 pouces | 7 inch | 12 inch | 17cm | 24cm
"""),
        "goodies": _v("""
mug | mug thermoréactif | poster | porte-clés | lampe 3D | tapis de souris | coussin | sac à dos | t-shirt |
casquette | plaid | veilleuse | tasse | gourde | carnet | badge | pin's | magnet | réplique | réplique baguette |
sabre laser | casque réplique | masque | pendentif | boîte à musique | cadre | tirelire | bougie | horloge |
coffret cadeau | chaussettes | lampe LED | verre à shot | tapis de bain
"""),
        "etat_fig": _v("""
neuf en boîte | boîte scellée | NIB | MIB | sans boîte | loose | boîte légèrement abîmée | boîte d'origine |
complète avec accessoires | édition limitée numérotée | exclusive | Chase | glow in the dark | flocked |
Exclusivité | Special Edition | Convention Exclusive | métallique | occasion TBE | Neuf
"""),
        "marque_fig": _v("""
Funko | Banpresto | Bandai Tamashii Nations | Good Smile Company | Max Factory | Kotobukiya | Hot Toys | Sideshow |
Tsume Art | Prime 1 Studio | McFarlane Toys | NECA | Mezco | Diamond Select | Iron Studios | Hasbro | Mattel |
Megahouse | Abystyle | ABYstyle | Plastoy | Pixi | SD Toys | Paladone | Beast Kingdom | Sega Prize | Taito |
Kaiyodo | Weta Workshop | Jakks Pacific | Noble Collection | Super7 | Quantum Mechanix | Bioworld | Youtooz |
Kidrobot | Medicom Toy | Pop Mart | Figuarts Zero | Bandai Spirits
"""),
    },
}

# ---------------------------------------------------------------------------
# 1180 Jeux de rôle et figurines
# ---------------------------------------------------------------------------
CATEGORIES[1180] = {
    "titles": _t("""
{gamme_wh} - {faction} - {unite}
Warhammer 40K {faction} {unite}
{gamme_wh} {faction} {unite} {etat_fig_jeu}
Games Workshop {gamme_wh} {unite}
{faction} {unite} - {etat_fig_jeu}
{article_jdr} {jdr}
{jdr} - {article_jdr}
{jdr} - {article_jdr} - {editeur_jdr}
Figurine {gamme_wh} {faction} {etat_fig_jeu}
Lot {faction} {gamme_wh} - {n} figurines
{gamme_wh} : {article_jdr} {faction}
Citadel {article_jdr} {couleur}
{article_jdr} {gamme_wh}
{jdr} {article_jdr} VF
Codex {faction} {gamme_wh}
{unite} {faction} {gamme_wh} neuf
Armée {faction} {gamme_wh} {etat_fig_jeu}
{gamme_wh} - Boîte de base - {faction} vs {faction}
Figurine {franchise_pop} {gamme_wh}
{jdr} : {article_jdr} ({editeur_jdr})
{article_jdr} pour jeu de rôle {jdr}
Set de dés polyèdres {couleur} - {jdr}
Combat Patrol {faction}
{faction} - {unite} - {gamme_wh} - Réf {ref}
{gamme_wh} {faction}
{jdr}
Figurines {faction} {etat_fig_jeu} - {n} pièces
Jeu de figurines {gamme_wh} {article_jdr}
{unite} {etat_fig_jeu}
"""),
    "descriptions": _t("""
Boîte {gamme_wh} contenant {n} figurines {faction} en plastique, {etat_fig_jeu}. Socles inclus.
{titre}. Figurines {etat_fig_jeu}. Colle et peinture non fournies.
Armée {faction} {etat_fig_jeu}, environ {num} points. Vendue avec {article_jdr}.
{article_jdr} pour {jdr}, en français, {pages} pages couleur. {etat}.
Le jeu de rôle culte : {jdr}. {article_jdr} complet, {etat}. {livraison}.
Figurines en résine haute résolution, à monter et peindre. Echelle 28 mm. {etat_fig_jeu}.
Miniatures peintes par un peintre expérimenté, {etat_fig_jeu}. Photos non contractuelles.
Pour jouer à {gamme_wh}, il vous faudra également les dés et le livre de règles.
Set de {n} dés polyèdres (d4, d6, d8, d10, d12, d20) en résine {couleur}. Pochette incluse.
Kit d'initiation : règles simplifiées, scénario d'introduction, {n} personnages prétirés.
Miniatures {faction} pour {gamme_wh}, vendues {etat_fig_jeu}. Envoi soigné en mousse.
Games Workshop original, pas de proxy ni d'impression 3D. {etat_fig_jeu}.
Campagne complète pour {jdr}, {pages} pages. Idéal pour les meneurs de jeu.
Peinture Citadel {couleur}, pot de 12 ml. Base, Layer, Shade ou Contrast.
Tabletop miniatures, {etat_fig_jeu}. {phrase_en}.
Décor de jeu en {matiere} pour wargame, échelle 28-32 mm. Prêt à peindre.
"""),
    "slots": {
        "gamme_wh": _v("""
Warhammer 40,000 | Warhammer 40K | Age of Sigmar | Warhammer The Old World | Kill Team | Warcry | Blood Bowl |
Necromunda | Horus Heresy | Le Seigneur des Anneaux Jeu de Bataille Stratégique | Middle-earth SBG |
Warhammer Underworlds | Infinity | Star Wars Legion | Star Wars X-Wing | Star Wars Shatterpoint |
Marvel Crisis Protocol | Bolt Action | Flames of War | Warmachine | Hordes | Malifaux | Saga | Conquest |
Frostgrave | Zombicide | Heroclix | Battletech | Confrontation | Hell Dorado | Warhammer Battle
"""),
        "faction": _v("""
Space Marines | Ultramarines | Blood Angels | Dark Angels | Space Wolves | Black Templars | Necrons | Orks |
Tyranides | Eldars | Aeldari | Drukhari | T'au Empire | Chaos Space Marines | Death Guard | Thousand Sons |
World Eaters | Adeptus Custodes | Adepta Sororitas | Astra Militarum | Garde Impériale | Adeptus Mechanicus |
Chevaliers Gris | Genestealer Cults | Leagues of Votann | Stormcast Eternals | Skaven | Nighthaunt |
Soulblight Gravelords | Lumineth | Sylvaneth | Idoneth Deepkin | Khorne | Nurgle | Slaanesh | Tzeentch |
Seraphon | Orruk Warclans | Gloomspite Gitz | Ossiarch Bonereapers | Kharadron Overlords | Cities of Sigmar |
Nains | Elfes Noirs | Hauts Elfes | Comtes Vampires | Rohan | Gondor | Mordor | Isengard | Uruk-hai | Hommes-Lézards
"""),
        "unite": _v("""
Intercessors | Hellblasters | Terminators | Dreadnought | Redemptor Dreadnought | Land Raider | Rhino | Predator |
Chevalier Impérial | Warlord | Capitaine | Archiviste | Boyz | Nobz | Warboss | Carnifex | Tyran des Ruches |
Wraithknight | Crisis Battlesuits | Riptide | Guerriers Nécrons | Monolith | Leman Russ | Cadian Shock Troops |
Plague Marines | Prince Démon | Bloodthirster | Liberators | Vindictors | Lord-Celestant | Guerriers des clans |
Vermines de choc | Nagash | Combat Patrol | Patrouille | Start Collecting | Vanguard | Spearhead | Battleforce |
Starter Set | Escouade tactique
"""),
        "article_jdr": _v("""
livre de base | Manuel des Joueurs | Guide du Maître | Manuel des Monstres | écran du MJ | kit d'initiation |
boîte de base | supplément | campagne | scénario | set de dés polyèdres | dés 7 pièces | tour à dés | piste de dés |
fiches de personnage | carte de bataille | tapis de jeu | décor | terrain | pot de peinture Citadel |
set de peinture | peinture Contrast | spray sous-couche | pinceau Citadel | socles | mallette de transport |
figurine peinte | figurine métal | figurine résine | Codex | Battletome | index | cartes techniques |
boîte de démarrage | figurines non montées | grappe
"""),
        "jdr": _v("""
Donjons et Dragons 5e édition | D&D | Dungeons & Dragons | Pathfinder | L'Appel de Cthulhu |
Warhammer Fantasy Roleplay | Chroniques Oubliées | Vampire La Mascarade | Shadowrun |
La Légende des Cinq Anneaux | Star Wars Aux Confins de l'Empire | Cyberpunk Red | Rêve de Dragon | Nephilim |
In Nomine Satanis | Agone | Earthdawn | Dune Aventures dans l'Imperium | Alien le jeu de rôle | Mörk Borg |
Tales from the Loop | Naheulbeuk | Loup-Garou l'Apocalypse | L'Anneau Unique | Starfinder | Dark Heresy |
Mutant Year Zero | Brigandyne | Symbaroum | Château Falkenstein | Donjon de Naheulbeuk
"""),
        "editeur_jdr": _v("""
Wizards of the Coast | Black Book Éditions | Edge Entertainment | Chaosium | Games Workshop | Arkhane Asylum |
Les XII Singes | Sans-Détour | Agate Éditions | Free League | Paizo | Cubicle 7 | Modiphius | Studio Agate |
John Doe | Le Septième Cercle | Asmodee | Hobby Games
"""),
        "etat_fig_jeu": _v("""
neuf sous blister | non monté sur grappe | monté non peint | peint niveau tabletop | peint niveau vitrine |
occasion à décaper | socle inclus | boîte neuve scellée | en boîte | complet | incomplet | soclé | magnétisé |
pro painted | NOS | Neuf | Occasion
"""),
    },
}

# ---------------------------------------------------------------------------
# 1160 Cartes de jeux
# ---------------------------------------------------------------------------
CATEGORIES[1160] = {
    "titles": _t("""
Carte {jeu_cartes} {carte} {rarete} {extension}
{carte} {rarete} {num}/{num} {extension} {langue_carte}
Carte Pokémon {carte} {rarete} - {extension}
{produit_cartes} {jeu_cartes} {extension} {langue_carte}
{jeu_cartes} - {produit_cartes} {extension}
Lot de {n} cartes {jeu_cartes} {langue_carte}
{carte} {num}/{num} {rarete} {langue_carte}
{jeu_cartes} {produit_cartes} - {extension} - Neuf scellé
{produit_cartes} {extension} {langue_carte}
Lot {n} cartes {jeu_cartes} dont {rarete}
{carte} {rarete} {etat_carte}
Carte {jeu_cartes} {carte} {langue_carte} {etat_carte}
{jeu_cartes} {extension} : {produit_cartes}
Magic The Gathering - {carte} - {extension}
Yu-Gi-Oh! {carte} {rarete} {langue_carte}
{produit_cartes} {jeu_cartes} {couleur}
{produit_cartes} {franchise_pop}
{carte} - {extension} - {rarete} - {langue_carte} - {etat_carte}
Booster {jeu_cartes} {extension}
{jeu_cartes} {carte} {rarete}
Cartes Panini {album_panini} - Lot de {n}
Album Panini {album_panini} complet
{carte} {rarete} PSA {n}
Classeur {jeu_cartes} + {n} cartes
{jeu_cartes} - {carte} - {num}/{num}
{produit_cartes} {jeu_cartes} {langue_carte} {bruit}
Deck {jeu_cartes} {extension} {langue_carte}
Jeu de cartes {franchise_pop} {langue_carte}
"""),
    "descriptions": _t("""
Carte {carte} {rarete} de l'extension {extension}, {langue_carte}. {etat_carte}. Envoi sous sleeve + toploader.
{produit_cartes} {jeu_cartes} {extension}, neuf et scellé. {livraison}.
Lot de {n} cartes {jeu_cartes} {langue_carte}, dont {n} {rarete}. Sans doublon. {etat_carte}.
Carte sortie de booster et directement protégée. {etat_carte}. Voir photos recto/verso.
{titre}. Carte authentique, pas un proxy. {livraison} en lettre suivie avec protection rigide.
Contenu : {n} boosters, {n} cartes Énergie, protège-cartes, dés et guide. {extension}.
Card in {etat_carte} condition, {langue_carte}. Ships in sleeve and toploader.
Carte gradée {rarete}, slab intact. Certificat vérifiable en ligne.
Display de 36 boosters {jeu_cartes} {extension}, sous blister d'origine. Produit officiel.
{produit_cartes} pour protéger vos cartes {jeu_cartes}, format standard 63,5 x 88 mm. {couleur}.
Deck prêt à jouer de 60 cartes, {langue_carte}. Idéal pour débuter {jeu_cartes}.
Cartes de collection {album_panini} à l'unité ou en lot. Pochettes neuves.
Centrage correct, coins nets, surface sans rayure. {etat_carte}.
Vente de ma collection {jeu_cartes} : {n} cartes communes et peu communes, quelques {rarete}.
Les cartes sont envoyées dans un classeur ou une boîte de rangement, sans pliure garanti.
"""),
    "slots": {
        "jeu_cartes": _v("""
Pokémon | Pokémon TCG | Magic The Gathering | MTG | Yu-Gi-Oh! | One Piece Card Game | Dragon Ball Super Card Game |
Disney Lorcana | Flesh and Blood | Digimon Card Game | Star Wars Unlimited | Altered | Naruto Kayou |
Panini Adrenalyn XL | Topps Match Attax | Panini Foot | Weiss Schwarz | Cardfight Vanguard | Force of Will |
Keyforge | Union Arena | Panini NBA | Topps Chrome | Metazoo | Final Fantasy TCG
"""),
        "extension": _v("""
Écarlate et Violet | Évolutions Prismatiques | Flammes Obsidiennes | Faille Paradoxe | Forces Temporelles |
Mascarade Crépusculaire | Étincelles Déferlantes | Couronne Stellaire | Pokémon 151 | Destinées de Paldea |
Épée et Bouclier | Zénith Suprême | Astres Radieux | Tempête Argentée | Origine Perdue | Stars Étincelantes |
Poing de Fusion | Évolution Céleste | Voltage Éclatant | Soleil et Lune | XY Évolutions | Set de Base | Jungle |
Fossile | Team Rocket | Neo Genesis | Les Friches d'Eldraine | Bloomburrow | Duskmourn |
Le Seigneur des Anneaux Chroniques de la Terre du Milieu | Dominaria Uni | Innistrad Chasse de minuit | Kaldheim |
Les cavernes oubliées d'Ixalan | Modern Horizons 3 | Fondations | Commander Masters |
Les hors-la-loi de Croisetonnerre | La Légende du Dragon Blanc aux Yeux Bleus | Metal Raiders | Collection Légendaire |
Rarity Collection | 25e anniversaire | Quarter Century Chronicle | Romance Dawn OP-01 | Paramount War OP-02 |
Pillars of Strength OP-03 | The First Chapter | Rise of the Floodborn | Ombres Ardentes | Tempête Obsidienne
"""),
        "carte": _v("""
Dracaufeu | Pikachu | Mewtwo | Mew | Lugia | Rayquaza | Salamèche | Tortank | Florizarre | Évoli | Noctali |
Mentali | Lucario | Gardevoir | Ectoplasma | Ronflex | Dracolosse | Léviator | Arceus | Giratina | Miraidon |
Koraidon | Zacian | Dracaufeu ex | Pikachu VMAX | Mew ex | Umbreon VMAX | Dragon Blanc aux Yeux Bleus |
Magicien Sombre | Exodia | Black Lotus | Sol Ring | The One Ring | Ragavan | Luffy Leader | Shanks | Goku SSJ |
Kylian Mbappé | Lionel Messi | Cristiano Ronaldo | Zinedine Zidane | Antoine Griezmann | Ghost Rare Dark Magician
"""),
        "rarete": _v("""
holo | reverse holo | full art | gold | secret rare | ultra rare | illustration rare | special illustration rare |
SIR | alternative art | EX | GX | V | VMAX | VSTAR | ex | Tag Team | promo | première édition | 1st Edition |
shadowless | foil | borderless | showcase | mythique | rare | commune | PSA 10 | PSA 9 | PCA 9.5 | gradée |
Collect Aura | Starlight Rare | Ghost Rare | Quarter Century Secret Rare | Manga Rare | Hyper Rare
"""),
        "produit_cartes": _v("""
booster | display de 36 boosters | Coffret Dresseur d'Élite | ETB | coffret collection | tripack | blister |
deck préconstruit | deck Commander | starter deck | structure deck | bundle | collector booster | set booster |
draft booster | lot de cartes | carte à l'unité | classeur | portfolio | protège-cartes | sleeves Dragon Shield |
toploader | deck box | playmat | album Panini | pochette de stickers | boîte de rangement | Mini Tin | Pokébox |
Ultra Premium Collection | coffret Premium
"""),
        "langue_carte": _v("""
FR | Français | VF | EN | Anglais | JAP | Japonais | Coréen | Chinois | Allemand | Italien | Espagnol |
version française | English | japanese | multilingue
"""),
        "etat_carte": _v("""
Near Mint | NM | Mint | Excellent | EX | Good | Played | Light Played | LP | neuve | sortie de booster |
légèrement jouée | très bon état | état correct | quelques micro-rayures | bords blanchis
"""),
        "album_panini": _v("""
Coupe du Monde 2022 | Euro 2024 | Ligue 1 2023-2024 | Foot 2024 | Champions League 2023/24 | Adrenalyn XL 2024 |
Coupe du Monde 1998 | Coupe du Monde 2018 | Foot 90 | Football 1978 | Pokémon | La Reine des Neiges |
Harry Potter | Star Wars | Disney 100 | NBA 2023-24
"""),
    },
}

# ---------------------------------------------------------------------------
# 1320 Puériculture
# ---------------------------------------------------------------------------
CATEGORIES[1320] = {
    "titles": _t("""
{article_pueri} {marque_pueri} {caract_pueri}
{marque_pueri} {article_pueri} {couleur}
{article_pueri} {caract_pueri} {age_bebe}
{article_pueri} bébé {caract_pueri} - {couleur}
{article_pueri} {marque_pueri} - {gamme_pueri}
{marque_pueri} {gamme_pueri} {couleur}
{article_pueri} {age_bebe} {etat}
{article_pueri} + {article_pueri} {marque_pueri}
{article_pueri} {licence_enfant} {age_bebe}
{article_pueri} - {caract_pueri} - {caract_pueri}
Pack {article_pueri} {marque_pueri} {caract_pueri}
{article_pueri} {matiere} {couleur}
{article_pueri} évolutif {age_bebe}
{marque_pueri} - {article_pueri} - Réf {ref}
{article_pueri} pour bébé {couleur} {motif}
{article_pueri} {caract_pueri} - Neuf
Lot de {n} {article_pueri} {marque_pueri}
{article_pueri} Baby {caract_pueri} {phrase_en}
{gamme_pueri} {caract_pueri}
{article_pueri} {marque_pueri} {etat}
{article_pueri} naissance {couleur} {caract_pueri}
{article_pueri} {dimension} {couleur}
{article_pueri} de voyage {caract_pueri}
{marque_pueri} {article_pueri}
{article_pueri} {couleur} {bruit}
{article_pueri} {gamme_pueri} {age_bebe}
{article_pueri}
"""),
    "descriptions": _t("""
{article_pueri} {caract_pueri}, {caract_pueri}. Utilisable {age_bebe}. {livraison}.
{marque_pueri} {gamme_pueri} : {caract_pueri}, {caract_pueri} et {caract_pueri}. Coloris {couleur}.
Vendu car bébé a grandi. {etat}, toujours utilisé avec soin. Maison non fumeur, sans animaux.
Conforme à la norme européenne EN 1888 / ECE R129. {caract_pueri}. {age_bebe}.
Dimensions ouvert : {cm} x {cm2} cm. Poids : {n} kg. Pliage d'une seule main. {caract_pueri}.
{titre}. Matière : {matiere}. Lavable en machine à 30°C. {caract_pueri}.
Idéal pour les premiers mois de bébé : {caract_pueri}, housse déhoussable. {livraison}.
Baby product, {phrase_en}. {phrase_en}. Suitable for {age_bebe}.
Le kit complet comprend : {article_pueri}, {article_pueri}, {article_pueri}. {marque_pueri}.
Produit d'hygiène neuf sous emballage, non ouvert. {caract_pueri}.
Garantie constructeur 2 ans. {marque_pueri}. Notice en français. {caract_pueri}.
Accessoire pratique pour maman et bébé, {caract_pueri}. Couleur : {couleur}, motif {motif}.
Siège auto testé crash-test, jamais accidenté. {etat}. {caract_pueri}.
Liste de naissance : le {article_pueri} {marque_pueri} indispensable, {caract_pueri}.
Sans BPA, sans phtalates. Stérilisable à chaud et à froid. {age_bebe}.
Cadeau de naissance idéal ! {article_pueri} {couleur} {motif}, {caract_pueri}.
"""),
    "slots": {
        "article_pueri": _v("""
poussette | poussette canne | poussette trio | poussette double | landau | nacelle | siège auto | rehausseur |
cosy | base Isofix | lit parapluie | berceau | couffin | berceau cododo | table à langer | matelas à langer |
chaise haute | réhausseur de chaise | transat | balancelle | babyphone | écoute-bébé vidéo | tire-lait | biberon |
stérilisateur | chauffe-biberon | gigoteuse | turbulette | porte-bébé | écharpe de portage | baignoire bébé |
thermomètre bébé | mouche-bébé | tétine | attache-tétine | anneau de dentition | parc bébé | barrière de sécurité |
tapis d'éveil | mobile musical | veilleuse | sac à langer | bavoir | couches | lingettes | cale-bébé |
réducteur de lit | coussin d'allaitement | ombrelle de poussette | chancelière | habillage pluie | robot cuiseur |
gobelet d'apprentissage | coffret repas | tour d'apprentissage | trotteur | youpala | matelas bébé |
tour de lit | nid d'ange | ceinture de grossesse | pot bébé | réducteur de toilettes | marchepied |
bloque-porte | cache-prise | moustiquaire de lit | sortie de bain | cape de bain | miroir de siège auto
"""),
        "marque_pueri": _v("""
Chicco | Bébé Confort | Maxi-Cosi | Cybex | Babymoov | Béaba | Tommee Tippee | Philips Avent | MAM | Dr Brown's |
Nuk | Tigex | Badabulle | Safety 1st | Britax Römer | Joie | Graco | Red Castle | Candide | Tineo | Aubert Concept |
Bugaboo | Babyzen Yoyo | Stokke | Peg Perego | Kinderkraft | Infantino | Ergobaby | BabyBjörn | Sauthon |
Trois Kilos Sept | Noukie's | Domiva | Tiamo | Nattou | Pampers | Huggies | Love & Green | Mustela | Medela |
Lansinoh | Nûby | Doomoo | Jané | Inglesina | Mima | Hauck | Geuther | Combelle | Théophile & Patachou
"""),
        "gamme_pueri": _v("""
Yoyo² | Balios S | Pebble 360 | Rodifix | AxissFix | Tinéo Safe | Nutribaby | Babycook | Tidy Sleep |
Quinny Zapp | Fox 5 | Cloud T | Sirona | Priam | Solution T | Trip | Polaris | Tripp Trapp | Bumbo | Evenflo |
Natural Response | Anti-Colic | Perfect Prep | Easy Fold | Litchi | Omega
"""),
        "caract_pueri": _v("""
pliage compact | dès la naissance | jusqu'à 22 kg | 0-13 kg | groupe 0+/1 | groupe 1/2/3 | i-Size | Isofix |
dossier inclinable | harnais 5 points | réglable en hauteur | sans BPA | anti-colique | lavable en machine |
déhoussable | 100% coton bio | certifié Oeko-Tex | vision nocturne | portée 300 m | batterie rechargeable |
ultra-léger | roues tout-terrain | canopy UPF 50+ | anti-UV | réversible | 2 en 1 | 3 en 1 | évolutif |
pivotant 360° | poignée télescopique | compatible cabine avion | TOG 2.5 | sans phtalates | silencieux
"""),
    },
}

# ---------------------------------------------------------------------------
# 1301 Chaussettes et chaussons bébé
# ---------------------------------------------------------------------------
CATEGORIES[1301] = {
    "titles": _t("""
{article_bebe} {taille_bebe} {motif_bebe}
Lot de {n} paires de {article_bebe} {taille_bebe}
{article_bebe} {marque_bebe} {taille_bebe}
{article_bebe} {matiere_bebe} {couleur} {taille_bebe}
{marque_bebe} - {article_bebe} - {motif_bebe} - {taille_bebe}
Chaussettes Bébé Fille Garçon Antidérapantes {matiere_bebe} {taille_bebe}
{article_bebe} bébé {motif_bebe} {couleur}
Chaussons bébé {matiere_bebe} {motif_bebe} - {taille_bebe}
{article_bebe} naissance {couleur} {matiere_bebe}
{n} Paires Chaussettes Bébé {motif_bebe} {taille_bebe}
{article_bebe} {licence_enfant} {taille_bebe}
Baby Socks {motif_bebe} {taille_bebe} Cotton Anti-slip
{article_bebe} {age_bebe} {couleur}
{article_bebe} {taille_bebe} - {etat}
{marque_bebe} {article_bebe} {couleur}
{article_bebe} en {matiere_bebe} - {motif_bebe}
Chaussures premiers pas {matiere_bebe} {motif_bebe} pointure {pointure}
{article_bebe} pointure {pointure} {couleur}
{article_bebe} fille {motif_bebe} {taille_bebe}
{article_bebe} garçon {motif_bebe} {taille_bebe}
{article_bebe} {motif_bebe} {bruit}
New Born Baby {article_bebe} {motif_bebe} {taille_bebe}
{article_bebe} tricot main {couleur}
{jeu_salon} {dimension}
{jeu_salon} {marque_jouet} {couleur}
{jeu_salon} - {etat}
{article_bebe}
{marque_bebe} {taille_bebe}
"""),
    "descriptions": _t("""
{article_bebe} pour bébé en {matiere_bebe}, motif {motif_bebe}. Taille {taille_bebe}. {livraison}.
Lot de {n} paires assorties, semelle antidérapante pour les premiers pas. Lavable en machine à 40°C.
{titre}. Composition : {pct}% coton, polyamide, élasthanne. Fabriqué au Portugal.
Chaussons en cuir souple, semelle daim, élastique à la cheville pour un bon maintien. {taille_bebe}.
Material: cotton. Size: {taille_bebe}. {phrase_en}. {phrase_en}.
Tricotés main avec amour en laine douce, {couleur}. Pièce unique. Idéal cadeau de naissance.
Chaussettes {marque_bebe}, {etat}. Portées quelques fois seulement. Envoi en lettre verte.
Tableau des tailles : 0-6 mois (9-11 cm), 6-12 mois (11-13 cm), 12-24 mois (13-15 cm).
Chaussures souples recommandées par les podologues, respectent le pied de l'enfant. {matiere_bebe}.
Motif {motif_bebe} adorable, couleurs {couleur} et blanc. {taille_bebe}. Expédiées sous 48h.
Ensemble naissance {marque_bebe} : bonnet, moufles et chaussons assortis. {matiere_bebe}.
Chaussons chauds fourrés pour l'hiver, doublure {matiere_bebe}. Fermeture velcro. Pointure {pointure}.
Produit de qualité, coutures plates pour ne pas blesser. {age_bebe}.
{jeu_salon} pour toute la famille, {matiere}, dimensions {dimension}. Accessoires inclus.
Cadeau de naissance original : {article_bebe} {motif_bebe} en coffret. {livraison}.
"""),
    "slots": {
        "article_bebe": _v("""
chaussettes bébé | chaussettes antidérapantes | chaussettes en coton | lot de chaussettes | chaussons bébé |
chaussons en cuir souple | chaussons tricotés | chaussons naissance | chaussons antidérapants |
chaussures premiers pas | chaussures souples | bottines bébé | sandales bébé | collants bébé | chaussettes hautes |
mi-bas | chaussons-chaussettes | chaussons en laine | bonnet de naissance | moufles anti-griffures | body |
grenouillère | ensemble naissance | leggings bébé | jambières | chaussons polaire | pantoufles enfant | babies |
chaussons d'hiver | guêtres | cache-couche | chaussettes de Noël | ballerines bébé | mocassins bébé |
chaussons crochet | chaussettes hochet | chaussons chaussettes | socquettes | chaussettes à pompons | petits chaussons
"""),
        "taille_bebe": _v("""
0-3 mois | 0-6 mois | 3-6 mois | 6-12 mois | 12-18 mois | 18-24 mois | 0-12 mois | 1-3 ans | taille 15/16 |
17/18 | 19/20 | 21/22 | 23/24 | Naissance | Prématuré | Taille unique | S (0-6M) | M (6-12M) | L (12-24M) |
XL (2-3 ans) | 1-2 ans | 2-4 ans | 0-6M | 6-12M
"""),
        "pointure": _v("""
16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 | 17-18 | 19-20 | 21-22 | 15 | 25 | 26
"""),
        "motif_bebe": _v("""
ourson | lapin | renard | panda | licorne | étoiles | cœurs | dinosaure | chat | koala | hibou | abeille | fraises |
nuages | rayures | pois | animaux | cartoon | fleurs | baleine | girafe | éléphant | Père Noël | tigre | ananas |
voitures | arc-en-ciel | lion
"""),
        "marque_bebe": _v("""
Robeez | Bobux | Pololo | Petit Bateau | Absorba | Catimini | Sergent Major | DPAM | Obaibi | Tape à l'Oeil |
Trois Kilos Sept | Noukie's | Sucre d'Orge | Natalys | Carter's | Kiabi | Vertbaudet | Cyrillus | Jacadi |
Bonpoint | Liliputiens | Easy Peasy | Falke | Dim | Sterntaler | Playshoes | Attipas | Bemini | Babybotte |
Aster | Pom d'Api
"""),
        "matiere_bebe": _v("""
coton peigné | coton bio | cuir souple | daim | laine mérinos | polaire | bambou | tricot | velours | éponge |
fourré | cachemire | coton | laine | cuir végétal | semelle antidérapante
"""),
        "jeu_salon": _v("""
baby-foot | babyfoot de table | table de billard | billard pliable | queue de billard | boules de billard |
tapis de billard | jeu de fléchettes | cible électronique | fléchettes pointe souple | fléchettes pointe acier |
cible en sisal | table multijeux | air hockey | craie de billard | mini baby-foot
"""),
    },
}

# ---------------------------------------------------------------------------
# 1560 Mobilier
# ---------------------------------------------------------------------------
CATEGORIES[1560] = {
    "titles": _t("""
{meuble} {style} {matiere} {couleur}
{meuble} {caract_meuble} - {dimension}
{meuble} en {matiere} {finition}
{marque_maison} {meuble} {couleur} {caract_meuble}
{meuble} {couleur} {caract_meuble} {caract_meuble}
{meuble} {style} pour {piece}
{meuble} {matiere} et {matiere} - {style}
{meuble} {forme} {matiere} {couleur}
Lot de {n} {meuble} {style} {couleur}
{meuble} - L{cm} x P{cm2} cm - {finition}
{meuble} de {piece} {style} {couleur}
{meuble} {caract_meuble} {finition} - {marque_maison}
{meuble} {style} {finition} {dimension}
{meuble} {matiere} massif {couleur} - Fabrication française
{meuble} {caract_meuble} - Meuble {style}
{meuble} {couleur} - {etat}
{meuble} {marque_maison} - Réf {ref}
{meuble} {nom_modele} {couleur}
{nom_modele} - {meuble} {style}
{meuble} pour {piece} en {matiere} - {couleur}
{meuble} {caract_meuble} {bruit}
{meuble} design {couleur} {matiere}
{meuble} gain de place {caract_meuble}
{meuble} vintage {matiere} années 60
{meuble} {couleur} {dimension}
{meuble} {style}
{meuble} gaming {couleur} {caract_meuble}
{meuble} {finition}
"""),
    "descriptions": _t("""
{meuble} {style} en {matiere}, finition {finition}. Dimensions : {dimension}. {livraison}.
Apportez une touche {style} à votre {piece} avec ce {meuble} {caract_meuble}. Coloris {couleur}.
Dimensions : L {cm} x P {cm2} x H {n}0 cm. Matériau : {matiere}. À monter soi-même, notice incluse.
{titre}. Structure en {matiere}, {caract_meuble}. Charge maximale : {n}0 kg.
Meuble d'occasion en {etat}, quelques traces d'usage. À venir chercher sur place.
Livraison en kit, montage facile en {n} minutes. Visserie fournie. {caract_meuble}.
Ce {meuble} allie esthétique {style} et fonctionnalité : {caract_meuble}, {caract_meuble}.
{phrase_en}. {phrase_en}. Material: {matiere}.
Conçu et fabriqué en Europe. Panneaux certifiés. Garantie {n} ans. {marque_maison}.
Meuble massif de qualité, fabrication artisanale, finition {finition}. Pièce unique.
Livraison au pied de l'immeuble par transporteur, sur rendez-vous. {livraison}.
Entretien : dépoussiérer avec un chiffon sec. Ne pas exposer directement au soleil.
Confortable et élégant, {meuble} {couleur} revêtement {matiere}. Pieds {matiere}.
Idéal pour les petits espaces : {caract_meuble}. {dimension}.
Ancien {meuble} de famille, bois {finition}, {etat}. Possibilité de livraison selon distance.
Rangement optimal : {n} étagères, {caract_meuble}. Coloris {couleur} / {finition}.
"""),
    "slots": {
        "meuble": _v("""
canapé | canapé d'angle | canapé convertible | canapé 3 places | fauteuil | fauteuil relax | fauteuil scandinave |
chaise | lot de chaises | tabouret de bar | tabouret | table basse | table à manger | table extensible | table ronde |
buffet | bahut | commode | armoire | armoire penderie | dressing | bibliothèque | étagère | étagère murale |
meuble TV | bureau | bureau d'angle | lit | lit double | lit enfant | lit mezzanine | lit superposé | cadre de lit |
sommier | matelas | tête de lit | table de chevet | banc | banquette | console | vaisselier | meuble à chaussures |
pouf | portemanteau | meuble de salle de bain | colonne de salle de bain | caisson | vitrine | chaise de bureau |
fauteuil de bureau | fauteuil gamer | secrétaire | coiffeuse | desserte | îlot central | meuble de cuisine |
table de bar | chiffonnier | méridienne | chauffeuse | repose-pieds | bout de canapé | table gigogne | paravent |
meuble d'entrée | meuble à chaussures | lit coffre | clic-clac | BZ | futon | chaise de salle à manger
"""),
        "caract_meuble": _v("""
avec tiroirs | 2 portes | 3 tiroirs | 4 étagères | réversible | convertible | avec coffre de rangement |
extensible | pliable | avec LED | pieds en métal noir | pieds en bois | plateau en verre | à monter soi-même |
livré monté | avec roulettes | réglable en hauteur | pivotant | assise rembourrée | dossier capitonné |
effet marbre | façade laquée | fermeture douce | poignées dorées | tête de lit intégrée | sommier inclus |
6 places | 4 places | 3 places | 2 places | angle gauche | angle droit | modulable | charge max 120 kg |
gain de place | accoudoirs | empilable | avec niche
"""),
        "finition": _v("""
effet chêne | chêne sonoma | blanc laqué | noir mat | effet béton | gris brillant | bois recyclé | bois flotté |
noyer | hêtre naturel | pin brut | vieilli | patiné | brossé | vernis | ciré | huilé | cérusé | teinté wengé |
mélaminé | chêne naturel | blanc mat
"""),
        "nom_modele": _v("""
Oslo | Malmö | Stockholm | Bergen | Milano | Roma | Lisbonne | Brooklyn | Manhattan | Dallas | Denver | Nevada |
Bali | Tokyo | Nordic | Loft | Helsinki | Copenhague | Alaska | Vintage | Eden | Lina | Emma | Chloé | Victoria
"""),
    },
}

# ---------------------------------------------------------------------------
# 2582 Mobilier de jardin
# ---------------------------------------------------------------------------
CATEGORIES[2582] = {
    "titles": _t("""
{meuble_jardin} {matiere} {couleur} {caract_jardin}
Salon de jardin {matiere} {places} - {couleur}
{meuble_jardin} {caract_jardin} - {dimension}
{marque_jardin} {meuble_jardin} {couleur}
{meuble_jardin} de jardin en {matiere} {style}
{meuble_jardin} {matiere} {caract_jardin} {caract_jardin}
Lot de {n} {meuble_jardin} {couleur}
{meuble_jardin} {forme} {matiere} {places}
{meuble_jardin} pour terrasse et balcon - {couleur}
{meuble_jardin} extérieur {caract_jardin} {dimension}
Ensemble {meuble_jardin} + {meuble_jardin} {matiere}
{meuble_jardin} {marque_jardin} - Réf {ref}
{meuble_jardin} {couleur} {etat}
{meuble_jardin} {style} {matiere} {places}
Parasol {dimension} {couleur} {caract_jardin}
{meuble_jardin} {dimension} {couleur}
{meuble_jardin} - {matiere} - {caract_jardin} - {marque_jardin}
{meuble_jardin} {caract_jardin} {bruit}
{meuble_jardin} jardin {couleur}
{meuble_jardin} {nom_gamme_jardin} {matiere}
{marque_jardin} {nom_gamme_jardin} - {meuble_jardin} {couleur}
{meuble_jardin} outdoor {matiere} {couleur}
{meuble_jardin} {matiere}
{meuble_jardin} pliant {couleur} {matiere}
Housse de protection pour {meuble_jardin} {dimension}
{meuble_jardin} de piscine {matiere} {couleur}
{meuble_jardin} {couleur}
"""),
    "descriptions": _t("""
{meuble_jardin} en {matiere}, {caract_jardin}, {caract_jardin}. Dimensions : {dimension}. {livraison}.
Profitez des beaux jours sur votre terrasse avec ce {meuble_jardin} {style}. Coloris {couleur}.
{titre}. Structure {matiere}, coussins {couleur} déhoussables, {caract_jardin}.
Ensemble comprenant : 1 table, {n} fauteuils et coussins. {caract_jardin}. {marque_jardin}.
Dimensions : {cm} x {cm2} cm. Poids : {n} kg. {caract_jardin}. Livré à plat, montage simple.
Mobilier de jardin d'occasion, {etat}. Quelques traces d'oxydation. À récupérer sur place.
Conseil d'entretien : rentrer les coussins en cas de pluie, nettoyer à l'eau savonneuse.
Garden furniture, {phrase_en}. {phrase_en}.
Toile en polyester {couleur}, {caract_jardin}. Mât en aluminium, manivelle d'ouverture.
Idéal pour jardin, terrasse, balcon ou bord de piscine. {caract_jardin}. Garantie {n} ans.
Salon bas {places} en {matiere}, {caract_jardin}, table basse plateau {matiere}.
Bain de soleil {caract_jardin}, dossier réglable, roues de transport. {couleur}.
Tonnelle {dimension} {caract_jardin}, toit en polyester 180 g/m². Parfaite pour vos réceptions.
Bois exotique certifié FSC, huilé. À entretenir avec une huile de teck une fois par an.
Livraison en carton par transporteur. {livraison}.
Mobilier outdoor conçu pour résister aux intempéries : {caract_jardin}, {matiere}.
"""),
    "slots": {
        "meuble_jardin": _v("""
salon de jardin | table de jardin | chaise de jardin | fauteuil de jardin | bain de soleil | transat | chaise longue |
parasol | parasol déporté | pied de parasol | dalle de lestage | tonnelle | pergola | pergola bioclimatique | hamac |
balancelle | banc de jardin | coussin de chaise | coussin de bain de soleil | housse de protection | abri de jardin |
barbecue | plancha | brasero | salon bas | canapé de jardin | table pliante | fauteuil Adirondack | voile d'ombrage |
paravent | jardinière | lanterne solaire | table de pique-nique | fauteuil suspendu | fauteuil œuf | daybed |
pouf de jardin | chaise pliante | tabouret de jardin | tapis d'extérieur | coffre de jardin | table basse de jardin |
ensemble repas | set de balcon | canapé d'angle de jardin | bistrot | chaise empilable | table extensible de jardin |
pergola adossée | chaise de camping | fauteuil relax | parasol inclinable | store banne | carport | serre
"""),
        "caract_jardin": _v("""
résistant aux intempéries | traitement anti-UV | pliable | empilable | inclinable 5 positions | avec coussins |
coussins déhoussables | imperméable | aluminium inoxydable | structure acier époxy | bois FSC | toile 180 g/m² |
manivelle | rotation 360° | avec éclairage LED solaire | moustiquaire incluse | rideaux amovibles |
toit rétractable | extensible | réglable | sans entretien | protection UV50+ | ancrage au sol | facile à monter |
lestable | pieds réglables | séchage rapide | déperlant
"""),
        "places": _v("""
2 places | 4 places | 6 places | 8 places | 10 personnes | 4 personnes | 6 personnes | 5 places | 3 places |
8 personnes | 12 personnes | 1 place | 2 personnes | 7 places | 9 places
"""),
        "nom_gamme_jardin": _v("""
Bistro | Luxembourg | Piazza | Miami | Ibiza | Capri | Santorin | Palma | Marbella | Corfou | Lounge | Cosy |
Bahia | Havana | Cancun | Hawaii | Malaga | Palermo | Tahiti | Florida | Antibes
"""),
    },
}

# ---------------------------------------------------------------------------
# 1920 Linge de maison
# ---------------------------------------------------------------------------
CATEGORIES[1920] = {
    "titles": _t("""
{linge} {dimension} {caract_linge} {couleur}
Parure de lit {composition_parure} {motif} {couleur}
{linge} {caract_linge} - {dimension}
{marque_maison} {linge} {couleur} {dimension}
{linge} {motif} {couleur} {caract_linge}
Housse de couette {dimension} {caract_linge} {motif}
{linge} {matiere} {couleur} - {dimension}
Lot de {n} {linge} {couleur} {caract_linge}
{linge} {style} {motif} {dimension}
{linge} {licence_enfant} {dimension}
{linge} enfant {franchise_pop} {dimension}
{linge} {caract_linge} {caract_linge} {couleur}
{linge} {couleur} {bruit}
{linge} pour {piece} {style} {couleur}
{linge} - {composition_parure} - {caract_linge}
Housse de coussin {dimension} {motif} {style}
{linge} {dimension} {marque_maison}
Rideau {caract_linge} {dimension} {couleur} - à œillets
{linge} {motif} {matiere}
{linge} {dimension} {couleur} {etat}
{marque_maison} - {linge} {matiere} - {couleur}
{linge} {couleur} {caract_linge} {dimension} {motif}
Drap housse {dimension} {caract_linge} {couleur}
{linge} {dimension}
{linge} {couleur}
Home Textile {linge} {dimension} {phrase_en}
{linge} {matiere} {dimension} - Made in France
"""),
    "descriptions": _t("""
{linge} en {matiere}, {caract_linge}. Dimensions : {dimension}. Coloris {couleur}. {livraison}.
Parure {composition_parure}, {caract_linge}, motif {motif}. Lavable en machine à {n}0°C.
{titre}. Composition : {matiere}. {caract_linge}. Fabriqué en Europe, certifié Oeko-Tex Standard 100.
Apportez une touche {style} à votre {piece} : {linge} {couleur}, {caract_linge}.
Linge de maison de qualité hôtelière, {caract_linge}. Taille : {dimension}.
Drap housse grand bonnet {n}0 cm, élastique tout autour. {caract_linge}.
Douceur et confort au quotidien : {linge} {caract_linge}, toucher {matiere}.
{phrase_en}. {phrase_en}. Size: {dimension}.
Rideau prêt à poser, {caract_linge}, hauteur {cm} cm. Vendu à l'unité.
Neuf dans son emballage, jamais servi. {linge} {marque_maison}, {couleur}.
Conseils d'entretien : lavage {n}0°C, séchage en tambour doux, repassage à basse température.
Coussin déhoussable avec fermeture éclair invisible, garnissage polyester inclus. {dimension}.
Serviettes en éponge {caract_linge}, absorbantes et douces. Lot de {n}. {couleur}.
Nappe {forme} anti-taches, {caract_linge}, {dimension}. Idéale pour les repas de fête.
Plaid ultra doux {matiere}, {dimension}, parfait sur le canapé ou au pied du lit.
Linge de lit enfant {licence_enfant}, {caract_linge}. Compatible lit {dimension}.
"""),
    "slots": {
        "linge": _v("""
housse de couette | parure de lit | drap housse | drap plat | taie d'oreiller | taie de traversin | couette |
couette 4 saisons | oreiller | traversin | couverture | plaid | jeté de canapé | dessus de lit | boutis | couvre-lit |
serviette de bain | drap de bain | serviette de toilette | peignoir | tapis de bain | nappe | chemin de table |
set de table | serviette de table | torchon | tablier | rideau | voilage | double rideau | coussin | housse de coussin |
protège-matelas | alèse | protège-oreiller | housse de canapé | plaid polaire | gant de toilette | drap de plage |
fouta | couverture chauffante | édredon | surmatelas | jupe de lit | rideau de douche | store enrouleur |
embrasse de rideau | nappe ronde | housse de chaise | sets de table lavables | serviette invité | linge de lit bébé |
gigoteuse | tour de lit | housse de coussin déco | galette de chaise | tapis de cuisine
"""),
        "caract_linge": _v("""
100% coton | coton lavé | lin lavé | percale 80 fils/cm² | satin de coton 120 fils | microfibre | flanelle |
gaze de coton | polaire | bonnet 30 cm | bonnet 40 cm | lavable à 60°C | lavable à 40°C | sans repassage |
certifié Oeko-Tex | anti-acariens | hypoallergénique | ultra doux | réversible | 240 g/m² | 500 g/m² |
fermeture éclair invisible | à œillets | à passants | galon | brodé | jacquard | imprimé | thermique occultant |
tissé teint | made in France | fabriqué au Portugal | nid d'abeille | éponge bouclette | séchage rapide | anti-taches |
tissé en France
"""),
        "composition_parure": _v("""
housse de couette + 2 taies | housse de couette + 1 taie | 3 pièces | 4 pièces | drap housse + drap plat + 2 taies |
lot de 2 taies | lot de 4 serviettes | lot de 6 torchons | 2 personnes | 1 personne |
240 x 220 cm + 2 taies 63 x 63 cm | 140 x 200 cm + 1 taie 63 x 63 cm | 260 x 240 cm |
200 x 200 cm + 2 taies 65 x 65 cm | lot de 2 rideaux | 220 x 240 cm + 2 taies 50 x 70 cm
"""),
    },
}

# ---------------------------------------------------------------------------
# 2060 Décoration
# ---------------------------------------------------------------------------
CATEGORIES[2060] = {
    "titles": _t("""
{deco} {style} {matiere} {couleur}
{deco} {theme_deco} {caract_deco}
{deco} {dimension} {couleur} {style}
{marque_maison} {deco} {couleur}
Lot de {n} {deco} {theme_deco} {couleur}
{deco} {caract_deco} - {theme_deco} - {dimension}
{deco} en {matiere} {caract_deco}
{deco} mural {style} {dimension}
Décoration {theme_deco} - {deco} {couleur}
{deco} {caract_deco} {caract_deco} {couleur}
Stickers muraux {theme_deco} {dimension} - Autocollant {piece}
{deco} pour {piece} {style} {couleur}
{deco} {forme} {matiere} {couleur}
{deco} {theme_deco} {bruit}
{deco} {style} {theme_deco}
Tableau {theme_deco} toile imprimée {dimension}
{deco} {franchise_pop} {caract_deco}
{deco} {matiere} {style} - H {cm} cm
{deco} {etat} {style}
{deco} - {marque_maison} - Réf {ref}
{deco} {motif} {couleur}
Home Decor {deco} {theme_deco} {phrase_en}
{deco} vintage {matiere} années {annee}
{deco} {licence_enfant} chambre enfant
{deco} {couleur} {dimension}
{deco} {theme_deco}
Guirlande lumineuse {caract_deco} {n} m {couleur}
{deco} artisanal {matiere} {caract_deco}
"""),
    "descriptions": _t("""
{deco} en {matiere}, {caract_deco}. Dimensions : {dimension}. Coloris {couleur}. {livraison}.
Apportez une touche {style} à votre intérieur avec ce {deco} {theme_deco}. Idéal pour le {piece}.
{titre}. Matière : {matiere}. Hauteur : {cm} cm. {caract_deco}.
Objet de décoration d'occasion, {etat}. Provenance maison de famille. Envoi très soigné.
Sticker mural vinyle, facile à poser et à retirer sans abîmer la peinture. {dimension}.
{phrase_en}. {phrase_en}. {phrase_en}.
Bougie parfumée coulée à la main, {caract_deco}, durée de combustion {n}0 heures.
Cadeau idéal pour une crémaillère, un anniversaire ou la fête des mères. {theme_deco}.
Fonctionne avec {n} piles AA non fournies ou câble USB. {caract_deco}. {couleur}.
Tableau imprimé sur toile, châssis en bois, prêt à accrocher. {dimension}. Motif {theme_deco}.
Ensemble de {n} pièces assorties, {style}, {matiere} {couleur}. {livraison}.
Miroir {forme} cadre {matiere} {couleur}, {dimension}. Fixations murales incluses.
Vase en {matiere} {couleur}, fait main, chaque pièce est unique. Non étanche pour certaines finitions.
Décoration de fête {theme_deco} : kit complet avec ballons, banderole et guirlandes.
Objet décoratif {style} pour étagère, console ou buffet. {caract_deco}.
Fleurs artificielles haut de gamme, aspect naturel, sans entretien. Hauteur {cm} cm.
"""),
    "slots": {
        "deco": _v("""
cadre photo | cadre multivues | miroir | miroir mural | horloge murale | pendule | vase | bougie parfumée | bougeoir |
photophore | lanterne | lampe à poser | lampe de chevet | suspension | lampadaire | guirlande lumineuse |
sticker mural | tableau | toile imprimée | affiche | poster | statue | statuette Bouddha | plante artificielle |
fleurs artificielles | bouquet de fleurs séchées | diffuseur de parfum | boîte de rangement | panier | corbeille |
coussin déco | tapis | attrape-rêves | décoration de Noël | sapin artificiel | boule de Noël | couronne de porte |
lettres lumineuses | porte-photos | pot de fleurs | cache-pot | terrarium | objet de décoration | trophée | papier peint |
patère | décoration murale métal | ballons de fête | banderole | guirlande anniversaire | mobile | plateau décoratif |
vide-poche | sculpture | globe terrestre | lampe de sel | carillon à vent | macramé | tenture murale | étagère flottante |
bonbonnière | presse-papier | serre-livres | jarre | figurine décorative | pêle-mêle | lampe néon | ardoise murale
"""),
        "caract_deco": _v("""
fait main | à suspendre | à poser | lumineux LED | à piles | USB | solaire | télécommande | minuterie | effet flamme |
vieilli | doré à la feuille | ajouré | autocollant | repositionnable | imperméable | sans cadre | prêt à accrocher |
XXL | lot de 3 | set de 2 | parfum vanille | parfum fleur de coton | cire de soja | artisanal | commerce équitable |
made in France | recyclé | éco-responsable | verre soufflé | effet bois
"""),
        "theme_deco": _v("""
Noël | Halloween | Pâques | mariage | anniversaire | baptême | marin | bord de mer | jungle | tropical | montagne |
Paris | New York | Bouddha | zen | floral | animaux | plumes | mandala | citation | Love | Home Sweet Home | Family |
vintage | industriel | bohème | ethnique | africain | japonais | feuilles de palmier | Saint-Valentin | licorne
"""),
    },
}

# ---------------------------------------------------------------------------
# 2583 Piscine et accessoires
# ---------------------------------------------------------------------------
CATEGORIES[2583] = {
    "titles": _t("""
{article_piscine} {marque_piscine} {caract_piscine}
Piscine {type_piscine} {dim_piscine} {marque_piscine}
{article_piscine} pour piscine {caract_piscine}
{produit_chimique} {conditionnement_piscine} - {marque_piscine}
{marque_piscine} {article_piscine} {ref}
{article_piscine} {caract_piscine} {caract_piscine}
Kit piscine {type_piscine} {dim_piscine} + {article_piscine}
{article_piscine} piscine hors sol {dim_piscine}
{produit_chimique} piscine {conditionnement_piscine}
Lot de {n} {article_piscine} {marque_piscine}
{article_piscine} {couleur} {caract_piscine}
Spa gonflable {marque_piscine} {places_spa} {caract_piscine}
{article_piscine} spa et piscine {marque_piscine}
{article_piscine} - {marque_piscine} - {caract_piscine} - {dim_piscine}
{article_piscine} {etat}
{marque_piscine} {type_piscine} {dim_piscine} {caract_piscine}
{article_piscine} {caract_piscine} - {bruit}
{article_piscine} compatible {marque_piscine}
Bâche {caract_piscine} pour piscine {dim_piscine}
{article_piscine} {marque_piscine}
{produit_chimique} {marque_piscine}
{article_piscine} {dim_piscine}
{article_piscine} {watt} W {caract_piscine}
Robot piscine {marque_piscine} {caract_piscine}
{article_piscine}
{type_piscine} {dim_piscine}
{article_piscine} Pool {phrase_en}
"""),
    "descriptions": _t("""
{article_piscine} {caract_piscine}, {caract_piscine}. Compatible avec la plupart des piscines hors sol. {livraison}.
Piscine {type_piscine} {dim_piscine}, {caract_piscine}. Livrée avec pompe de filtration, échelle et bâche.
{titre}. Marque {marque_piscine}. {caract_piscine}. Notice de montage en français.
{produit_chimique} pour un traitement efficace de l'eau de votre piscine. Dosage : {n}0 g pour 10 m³.
Robot nettoyeur électrique, {caract_piscine}, nettoie fond, parois et ligne d'eau. Câble {n} m.
Bâche à bulles {caract_piscine}, réduit l'évaporation et augmente la température de l'eau jusqu'à 5°C.
Pompe {watt} W, {caract_piscine}. Idéale pour piscine jusqu'à {n}0 m³. Raccords inclus.
Produit d'occasion, servi une saison, {etat}. Nettoyé et stocké au sec.
Pool accessory, {phrase_en}. {phrase_en}.
Attention : produit dangereux, respecter les précautions d'emploi. Tenir hors de portée des enfants.
Spa gonflable {places_spa}, {n}0 jets de massage à bulles, chauffage jusqu'à 40°C, couverture isotherme incluse.
Cartouches de filtration lavables et réutilisables, remplacer toutes les 2 semaines. Lot de {n}.
Pompe à chaleur {caract_piscine}, COP {n}, silencieuse. Prolonge la saison de baignade.
Liner de remplacement {caract_piscine} pour piscine {dim_piscine}, accroche overlap.
Kit d'entretien complet : épuisette, brosse, manche télescopique {cm} cm et tuyau flottant.
Electrolyseur au sel {caract_piscine} : une eau saine sans odeur de chlore.
"""),
    "slots": {
        "article_piscine": _v("""
pompe de filtration | filtre à sable | filtre à cartouche | cartouche de filtration | robot nettoyeur |
robot piscine électrique | aspirateur de piscine | épuisette | épuisette de fond | balai aspirateur | brosse de paroi |
manche télescopique | skimmer | échelle de piscine | bâche à bulles | bâche d'hivernage | bâche 4 saisons |
couverture isotherme | enrouleur de bâche | diffuseur flottant | thermomètre de piscine | douche solaire |
pompe à chaleur | réchauffeur électrique | tapis de sol | liner | kit de réparation | matelas gonflable |
bouée | ballon de plage | électrolyseur au sel | projecteur LED | tuyau flexible | tuyau flottant |
trousse d'analyse | bandelettes test | testeur électronique | régulateur de pH | pompe doseuse | verre filtrant |
sable de silice | vanne 6 voies | préfiltre | buse de refoulement | raccord | collier de serrage | coffret électrique |
alarme de piscine | barrière de sécurité | volet roulant | chauffage solaire | tapis solaire | filtre Intex type A |
cartouche type H | spa gonflable | jacuzzi | filtre de spa | couverture de spa | marchepied | pédiluve |
hivernage flotteur | bouchon d'hivernage | aspirateur à batterie | manomètre
"""),
        "type_piscine": _v("""
tubulaire | autoportante | hors sol | bois | acier | gonflable | semi-enterrée | enterrée | ronde | ovale |
rectangulaire | octogonale | composite | Ultra XTR Frame | Easy Set | Steel Pro Max | Power Steel | Prism Frame |
Metal Frame
"""),
        "produit_chimique": _v("""
chlore choc | chlore lent | galets de chlore 200 g | pastilles multifonctions 5 en 1 | pH moins | pH plus |
anti-algues | floculant | clarifiant | brome | oxygène actif | produit d'hivernage | anti-calcaire |
séquestrant métaux | sel pour électrolyseur | stabilisant | chlore non stabilisé | TAC plus |
nettoyant ligne d'eau | dégraissant filtre | chlore multiaction | galets de brome
"""),
        "conditionnement_piscine": _v("""
1 kg | 5 kg | 10 kg | 25 kg | 2 L | 5 L | 20 L | 1,5 kg | 3 kg | 500 g | seau de 5 kg | bidon 5 L | lot de 2 |
sac de 25 kg | 4,5 kg
"""),
        "marque_piscine": _v("""
Intex | INTEX | Bestway | Gré | Zodiac | Dolphin | Maytronics | Kokido | Mareva | Bayrol | HTH | Hayward |
Pentair | AstralPool | Ubbink | Kerlis | Toi | Lay-Z-Spa | Netspa | Summer Waves | Poolstyle | Steinbach |
Aqualux | Poolex | Mypool | Water Tech | Flowclear | Polaris | BWT | Chemoform | Ocedis | Desjoyaux | Waterair |
Zodiac Tornax | Gre Pool | Aquachek | Procopi | Linxor
"""),
        "caract_piscine": _v("""
débit 3785 L/h | débit 5,7 m³/h | 1,5 m³/h | filtration 10 m³ | pour piscine jusqu'à 30 m³ | hors sol | enterrée |
ronde | ovale | rectangulaire | hauteur 1,22 m | liner 40/100 | liner 75/100 | PVC renforcé | résistant aux UV |
garantie 2 ans | faible consommation | programmable | auto-amorçant | kit complet | avec échelle | pour spa |
fond et parois | câble 18 m | aspiration cyclonique | bulles 400 microns | épaisseur 500 microns | sans fil |
télécommande | Wi-Fi | 220 V
"""),
        "dim_piscine": _v("""
Ø 3,05 x 0,76 m | Ø 3,66 x 1,22 m | Ø 4,57 x 1,22 m | 5,49 x 2,74 x 1,22 m | 4 x 2 x 1 m | Ø 244 x 61 cm |
300 x 200 x 75 cm | 6,10 x 3,66 x 1,22 m | Ø 5,50 m | 8 x 4 m | Ø 3,60 m | 7 x 4 m | 10 x 5 m | Ø 183 x 51 cm |
262 x 175 x 51 cm | Ø 4,60 x 1,20 m | 4,88 x 1,22 m | 732 x 366 x 132 cm
"""),
        "places_spa": _v("""
2 places | 4 places | 6 places | 2-4 personnes | 4-6 personnes | 6-8 personnes | 2/4 places | 5 places |
7 places | 3 places | 1-2 personnes | 4 personnes | 6 personnes | 8 personnes | 4/6 places
"""),
    },
}

# ---------------------------------------------------------------------------
# 2585 Outillage de jardin
# ---------------------------------------------------------------------------
CATEGORIES[2585] = {
    "titles": _t("""
{outil_jardin} {marque_jardin} {caract_outil}
{outil_jardin} {caract_outil} {caract_outil}
{marque_jardin} {outil_jardin} {watt} W
{outil_jardin} sans fil {tension} {marque_jardin}
{outil_jardin} {marque_jardin} - Réf {ref}
{outil_jardin} {caract_outil} - {couleur}
Lot de {n} {outil_jardin} {marque_jardin}
{outil_jardin} {matiere} {caract_outil}
{outil_jardin} de jardin {caract_outil}
{marque_jardin} {modele_outil} - {outil_jardin}
{outil_jardin} + {outil_jardin} {marque_jardin}
{outil_jardin} {tension} {caract_outil} - Batterie incluse
{outil_jardin} {caract_outil} {etat}
{outil_jardin} {etat}
{outil_jardin} professionnel {caract_outil}
{outil_jardin} {marque_jardin} {modele_outil} {caract_outil}
{accessoire_outil} pour {outil_jardin} {marque_jardin}
{accessoire_outil} compatible {marque_jardin}
{outil_jardin} {caract_outil} {bruit}
{outil_jardin} électrique {watt} W {caract_outil}
{outil_jardin} thermique {caract_outil}
{outil_jardin} {marque_jardin}
{outil_jardin} {couleur} {dimension}
Garden {outil_jardin} {phrase_en}
{outil_jardin}
{outil_jardin} {tension} {marque_jardin} {modele_outil}
Set d'outils de jardinage {n} pièces {matiere}
"""),
    "descriptions": _t("""
{outil_jardin} {caract_outil}, {caract_outil}. Idéal pour l'entretien de votre jardin. {livraison}.
{marque_jardin} {modele_outil} : {caract_outil}, {caract_outil}, {caract_outil}. Garantie {n} ans.
{titre}. Puissance : {watt} W. Poids : {n} kg. {caract_outil}.
Outil de jardin d'occasion, {etat}. Révisé, fonctionne parfaitement. À récupérer sur place.
Compatible avec toutes les batteries {tension} de la gamme {marque_jardin}. Batterie et chargeur vendus séparément.
Lame en acier trempé, poignée ergonomique antidérapante. Longueur : {cm} cm.
Tondeuse {caract_outil}, largeur de coupe {n}0 cm, {caract_outil}, réglage de hauteur en {n} positions.
Garden tool, {phrase_en}. {phrase_en}.
Pour un jardin impeccable : {outil_jardin} {caract_outil}. Convient aux jardins jusqu'à {num} m².
Contenu : 1 {outil_jardin}, 1 {accessoire_outil}, notice d'utilisation. {marque_jardin}.
Tuyau d'arrosage {n}0 m anti-torsion, raccords rapides inclus. {caract_outil}.
Arrosage automatique : programmateur {caract_outil}, écran LCD, {n} programmes.
Récupérateur d'eau de pluie {num} L, {matiere}, avec robinet et kit de raccordement.
Broyeur de végétaux {watt} W, branches jusqu'à {n} mm, bac de récupération {n}0 L.
Nettoyeur haute pression {caract_outil}, idéal pour terrasse, mobilier de jardin et voiture.
Serre de jardin {dimension}, structure {matiere}, bâche armée anti-UV. Montage sans outils.
"""),
    "slots": {
        "outil_jardin": _v("""
tondeuse | tondeuse thermique | tondeuse électrique | tondeuse à batterie | robot tondeuse | tondeuse hélicoïdale |
taille-haie | taille-haie sur perche | débroussailleuse | coupe-bordure | tronçonneuse | tronçonneuse élagueuse |
souffleur | aspirateur-broyeur | scarificateur | motobineuse | motoculteur | broyeur de végétaux | sécateur |
sécateur électrique | cisaille à haie | ébrancheur | râteau | râteau à feuilles | bêche | pelle | fourche | binette |
serfouette | transplantoir | griffe | arrosoir | tuyau d'arrosage | enrouleur de tuyau | dévidoir | pistolet d'arrosage |
lance d'arrosage | programmateur d'arrosage | asperseur | arroseur oscillant | goutte-à-goutte | pulvérisateur |
brouette | gants de jardinage | composteur | serre de jardin | nettoyeur haute pression | scie d'élagage | hache |
merlin | fendeuse de bûches | batterie 18V | chargeur | fil de débroussailleuse | lame de tondeuse |
récupérateur d'eau | pompe d'arrosage | pompe vide-cave | pompe immergée | désherbeur thermique | coupe-branches |
tarière | plantoir | genouillère de jardin | tablier de jardinier | bac à compost | aérateur de gazon | semoir |
épandeur | rouleau à gazon | houe | pioche | faux | faucille | greffoir
"""),
        "caract_outil": _v("""
sans fil | batterie lithium 2,0 Ah incluse | sans batterie ni chargeur | moteur thermique 4 temps |
moteur 2 temps 52 cc | coupe 46 cm | coupe 33 cm | lame 60 cm | guide 40 cm | bac de ramassage 50 L | tractée |
autotractée | mulching | manche télescopique | manche en frêne | acier trempé | lame en acier carbone |
revêtement antiadhérent | poignée ergonomique | léger | démarrage facile | réglage de hauteur centralisé |
tête pivotante | pression 130 bars | avec application | GPS | pour terrains jusqu'à 800 m² | garantie 3 ans |
qualité professionnelle | capacité 100 L | anti-torsion | forgé | inox | brushless | 2 batteries
"""),
        "tension": _v("""
18V | 36V | 40V | 20V | 12V | 2x18V | 18 V | 36 V | 54V | 56V | 60V | 24V | 82V | 10,8V | 18V ONE+
"""),
        "modele_outil": _v("""
PowerMax 37 | Rotak 32 | AdvancedCut 18 | EasyHedgeCut | UniversalChain 18 | MS 170 | MS 250 | FS 55 |
HSA 56 | RY18LMX40A | GE-CM 36 Li | DUR181Z | LM38 | Automower 305 | Indego S+ 500 | K2 Premium |
K4 Full Control | WG779E | Landroid M500 | PowerPlus 20 | Xact L | SmartCut | ClassicCut | Comfort Plus
"""),
        "accessoire_outil": _v("""
lame de rechange | fil nylon 2,4 mm | bobine de fil | chaîne de tronçonneuse | guide-chaîne | batterie | chargeur |
bac de ramassage | huile de chaîne | bougie d'allumage | filtre à air | courroie | kit de maintenance |
tête de coupe | harnais | lunettes de protection | raccord rapide | lance
"""),
    },
}

# ---------------------------------------------------------------------------
# 1940 Épicerie
# ---------------------------------------------------------------------------
CATEGORIES[1940] = {
    "titles": _t("""
{produit_epicerie} {marque_epicerie} {conditionnement}
{marque_epicerie} {produit_epicerie} {saveur} {conditionnement}
{produit_epicerie} {caract_epicerie} {conditionnement}
Lot de {n} {produit_epicerie} {marque_epicerie}
{produit_epicerie} {saveur} {caract_epicerie}
{marque_epicerie} - {produit_epicerie} - {conditionnement}
{produit_epicerie} {saveur} {conditionnement} - {caract_epicerie}
Capsules compatibles Nespresso {saveur} x{n}
{marque_epicerie} {produit_epicerie} {caract_epicerie}
Coffret {produit_epicerie} {saveur} {caract_epicerie}
{produit_epicerie} {region_epicerie} {conditionnement}
{produit_epicerie} de {region_epicerie} {caract_epicerie}
{produit_epicerie} {marque_epicerie} x{n}
{produit_epicerie} - {conditionnement} - DLUO {mm}/{annee}
{conditionnement} {produit_epicerie} {saveur}
{marque_epicerie} {saveur} {conditionnement}
Panier garni {region_epicerie} {caract_epicerie}
{produit_epicerie} {caract_epicerie} {caract_epicerie}
{produit_epicerie} {saveur}
{produit_epicerie} {marque_epicerie}
{produit_epicerie} {caract_epicerie} - {bruit}
Pack {n} x {conditionnement} {marque_epicerie} {saveur}
{produit_epicerie} en vrac {conditionnement}
{marque_epicerie} {produit_epicerie}
{produit_epicerie} {saveur} fait maison
{produit_epicerie}
Food {produit_epicerie} {saveur} {conditionnement}
"""),
    "descriptions": _t("""
{produit_epicerie} {marque_epicerie}, {caract_epicerie}. Conditionnement : {conditionnement}. {livraison}.
{titre}. Ingrédients : sucre, farine de blé, beurre, {saveur}. Peut contenir des traces de fruits à coque.
Produit {caract_epicerie}, {caract_epicerie}. A conserver dans un endroit frais et sec.
Délicieux {produit_epicerie} au goût de {saveur}, parfait pour le petit-déjeuner ou le goûter.
Spécialité de {region_epicerie}, fabriquée selon une recette traditionnelle. {conditionnement}.
DLUO : {mm}/{annee}. Valeurs nutritionnelles pour 100 g : énergie {num} kcal.
Idée cadeau gourmande : coffret de {n} produits fins, {caract_epicerie}.
Café {caract_epicerie}, torréfaction artisanale, intensité {n}/12. Notes de {saveur}.
Thé en vrac {saveur}, infusion 3 à 5 minutes à 90°C. Sachet refermable {conditionnement}.
Food product, {caract_epicerie}. {phrase_en}.
Lot de {n} paquets, date de consommation longue. Expédié dans un carton protégé.
Origine : France. Fabriqué par {marque_epicerie}. {caract_epicerie}.
Capsules compatibles avec les machines Nespresso, {saveur}, {caract_epicerie}. Boîte de {n}0.
Bonbons {saveur} en sachet de {conditionnement}, idéal pour les anniversaires et fêtes.
Huile d'olive vierge extra, première pression à froid, {caract_epicerie}. Bouteille {conditionnement}.
Produit non ouvert, emballage intact. Expédié rapidement. {livraison}.
"""),
    "slots": {
        "produit_epicerie": _v("""
café moulu | café en grains | capsules de café | dosettes souples | thé vert | thé noir | infusion | tisane |
matcha | chocolat noir | tablette de chocolat | chocolat en poudre | bonbons | confiserie | réglisse | guimauves |
biscuits | sablés | galettes bretonnes | madeleines | pain d'épices | pâtes | spaghetti | riz basmati | quinoa |
lentilles | huile d'olive | vinaigre balsamique | épices | poivre noir | sel de Guérande | fleur de sel | miel |
confiture | pâte à tartiner | céréales | muesli | conserves | foie gras | terrine | rillettes | cassoulet | sauce |
moutarde de Dijon | sirop | soda | jus de fruits | eau minérale | boisson énergisante | bière | cidre |
caramels | nougat | calissons | macarons | dragées | berlingots | pâte de fruits | marrons glacés | chewing-gum |
sucettes | barres chocolatées | gâteaux secs | crêpes | sardines | thon | soupe | bouillon | farine | sucre |
levure | fruits secs | amandes | noix de cajou | chips | crackers | pop-corn | compote | lait en poudre
"""),
        "marque_epicerie": _v("""
Haribo | Kinder | Milka | Lindt | Nutella | Bonne Maman | Lu | St Michel | Carambar | Malabar | Ferrero Rocher |
Lipton | Kusmi Tea | Mariage Frères | Twinings | Lavazza | Carte Noire | L'Or | Nespresso | Tassimo | Dolce Gusto |
Illy | Jacques Vabre | Grand'Mère | Ricoré | Panzani | Barilla | Lustucru | Taureau Ailé | Puget | Lesieur |
Amora | Maille | Heinz | Knorr | Maggi | Ducros | Vahiné | Alsa | Francine | Bonduelle | Cassegrain |
William Saurin | Connétable | Petit Navire | Saupiquet | La Belle-Iloise | Labeyrie | Comtesse du Barry | Fauchon |
Ladurée | Michel et Augustin | Bjorg | Jardin Bio | Kellogg's | Nestlé | Banania | Poulain | Côte d'Or |
Valrhona | St Dalfour | Andros | Teisseire | Monin | Oasis | Orangina | Perrier | Evian |
Red Bull | Monster | Lutti | Krema | M&M's | Mars | Twix | Oreo | Pépito | Prince | La Mère Poulard
"""),
        "conditionnement": _v("""
250 g | 500 g | 1 kg | 100 g | 200 g | 400 g | 750 g | 2 kg | 5 kg | 33 cl | 50 cl | 75 cl | 1 L | 1,5 L |
lot de 6 | lot de 12 | x24 | boîte de 100 | carton de 48 | sachet de 50 | pack de 4 | boîte métal | bocal 300 g |
pot 370 g | 12 capsules | 40 capsules | 36 dosettes | 20 sachets | format familial | 150 g
"""),
        "caract_epicerie": _v("""
bio | AB | sans gluten | sans sucre ajouté | vegan | sans huile de palme | pur beurre | artisanal |
fabriqué en France | origine France | Label Rouge | IGP | AOP | commerce équitable | torréfié en France |
100% arabica | intensité 8 | décaféiné | extra | premium | DLUO longue | recette traditionnelle |
sans conservateur | aux fruits | fait maison | halal | casher | riche en protéines | spécialité régionale |
produit de Bretagne | sans lactose
"""),
        "saveur": _v("""
chocolat | vanille | caramel beurre salé | fraise | framboise | citron | noisette | amande | pistache | coco |
mangue | fruits rouges | menthe | réglisse | cola | orange | abricot | figue | miel | cannelle | gingembre |
praliné | café | nature | épicé | piment d'Espelette | truffe | ail | herbes de Provence | poivre | violette
"""),
        "region_epicerie": _v("""
Bretagne | Provence | Alsace | Normandie | Périgord | Pays basque | Auvergne | Savoie | Corse | Bourgogne |
Lorraine | Sud-Ouest | Lyon | Montélimar | Cambrai | Dijon | Aix-en-Provence | Espelette | Italie | Japon
"""),
    },
}

# ---------------------------------------------------------------------------
# 2220 Animalerie
# ---------------------------------------------------------------------------
CATEGORIES[2220] = {
    "titles": _t("""
{article_animal} pour {animal} {caract_animal} {taille_animal}
{marque_animal} {article_animal} {animal} {taille_animal}
{article_animal} {animal} {caract_animal}
{article_animal} {caract_animal} {couleur} - {taille_animal}
Croquettes {marque_animal} {animal} {caract_animal} {taille_animal}
{marque_animal} - {article_animal} - {caract_animal}
Lot de {n} {article_animal} pour {animal}
{article_animal} pour {animal} en {matiere} {couleur}
{article_animal} {animal} {dimension}
{article_animal} {marque_animal} {taille_animal}
{article_animal} {caract_animal} {caract_animal}
{article_animal} pour {animal} - {etat}
Pet {article_animal} {phrase_en}
{article_animal} {animal} {couleur} {bruit}
{article_animal} pour {animal} et {animal}
{marque_animal} {gamme_animal} {animal} {taille_animal}
{gamme_animal} {caract_animal} {taille_animal}
{article_animal} {couleur} {taille_animal}
Arbre à chat {cm} cm {couleur} {caract_animal}
{article_animal} {matiere} {caract_animal} - {animal}
{article_animal} {animal} {marque_animal} Réf {ref}
{article_animal} pour {animal}
{article_animal} {style} pour {animal}
{marque_animal} {article_animal}
{article_animal} {taille_animal}
Accessoire {animal} - {article_animal} {couleur}
{article_animal}
"""),
    "descriptions": _t("""
{article_animal} pour {animal}, {caract_animal}, {caract_animal}. Taille : {taille_animal}. {livraison}.
{marque_animal} {gamme_animal} : alimentation complète pour {animal}, {caract_animal}. Sac de {taille_animal}.
{titre}. Matière : {matiere}. Dimensions : {dimension}. Couleur : {couleur}.
Votre {animal} va adorer ! {caract_animal}, facile à nettoyer. {phrase_en}.
Composition : viandes et sous-produits animaux ({pct}% dont poulet), céréales, minéraux. {caract_animal}.
Produit d'occasion, {etat}, lavé et désinfecté. Nos animaux ont grandi.
Arbre à chat avec griffoirs en sisal naturel, niches, hamac et jouets suspendus. Hauteur {cm} cm.
Collier réglable {caract_animal}, boucle de sécurité, anneau pour médaille. Tour de cou {n}-{cm} cm.
Pet supplies, {phrase_en}. {phrase_en}.
Aquarium complet {taille_animal} avec filtre, éclairage LED et chauffage. {marque_animal}.
Litière {caract_animal}, absorption rapide, contrôle des odeurs. Sac de {taille_animal}.
Cage spacieuse pour {animal} avec mangeoire, abreuvoir et accessoires. {dimension}.
Traitement antiparasitaire : protège contre les puces et les tiques pendant {n} semaines. {animal}.
Panier douillet déhoussable, {caract_animal}, fond antidérapant. {taille_animal}.
Jouet {caract_animal} pour occuper votre {animal} pendant des heures. {couleur}.
Date de péremption longue, emballage d'origine non ouvert. {livraison}.
"""),
    "slots": {
        "article_animal": _v("""
croquettes | pâtée | sachets fraîcheur | friandises | os à mâcher | litière | litière agglomérante | bac à litière |
maison de toilette | arbre à chat | griffoir | panier | coussin pour chien | corbeille | niche | cage | parc enclos |
aquarium | filtre d'aquarium | pompe à air | chauffage aquarium | terrarium | lampe UV | gamelle | gamelle anti-glouton |
fontaine à eau | distributeur de croquettes | collier | laisse | laisse enrouleur | harnais | muselière |
manteau pour chien | imperméable pour chien | jouet pour chat | canne à plumes | balle | corde à mâcher |
brosse | gant de toilettage | shampoing | coupe-griffes | pipette antiparasitaire | collier anti-puces |
caisse de transport | sac de transport | siège auto pour chien | chatière | clapier | cage à oiseaux | graines |
foin | mangeoire | abreuvoir | nourriture poissons | roue pour hamster | tunnel pour chat | tapis rafraîchissant |
rampe pour chien | clôture anti-fuite | collier GPS | poulailler | nichoir | boule à graisse | tapis éducateur |
sac à crottes | médaille gravée | plaid pour chien | porte-bébé pour chien | poussette pour chien
"""),
        "marque_animal": _v("""
Royal Canin | Purina Pro Plan | Purina One | Friskies | Felix | Gourmet | Whiskas | Sheba | Pedigree | Cesar |
Hill's Science Plan | Eukanuba | Ultima | Edgard & Cooper | Orijen | Acana | Virbac | Frontline | Advantix | Seresto |
Beaphar | Vitakraft | Trixie | Zolux | Ferplast | Kong | Flexi | Julius-K9 | Tetra | JBL | Eheim | Sera | Catsan |
Sanicat | Tigerino | Ever Clean | Versele-Laga | Brit | Carnilove | Applaws | Wolfood | Canichef | Zooplus | Karlie |
Hunter | Rogz | Ruffwear
"""),
        "gamme_animal": _v("""
Sterilised | Kitten | Puppy | Adult | Senior 7+ | Mini Adult | Maxi Adult | Medium Puppy | Indoor | Hairball |
Light | Urinary Care | Sensitive | Grain Free | Original | Optifortis | Digestion | Hypoallergenic
"""),
        "animal": _v("""
chien | chat | chiot | chaton | petit chien | grand chien | chat stérilisé | chien senior | lapin | cochon d'Inde |
hamster | furet | rongeurs | oiseaux | perruche | canari | poules | poissons | poissons rouges | tortue | reptiles |
cheval | chinchilla | rat | gerbille | poissons tropicaux | gecko | chats
"""),
        "caract_animal": _v("""
sans céréales | riche en poulet | au saumon | agneau et riz | pour chat stérilisé | hypoallergénique |
pour peau sensible | contrôle du poids | digestion sensible | grande race | petite race | anti-boules de poils |
agglomérante | parfumée | biodégradable | réglable | réfléchissant | imperméable | lavable en machine | déhoussable |
antidérapant | en acier inoxydable | silencieux | avec filtre | rechargeable USB | résistant | pour mâcheurs puissants |
interactif | naturel | sans colorant
"""),
        "taille_animal": _v("""
XS | S | M | L | XL | XXL | taille 1 | taille 2 | taille 3 | Ø 60 cm | 60 x 45 cm | 80 x 60 cm | 100 x 70 cm |
1,5 kg | 3 kg | 7 kg | 12 kg | 15 kg | 20 kg | 10 L | 12 L | 60 L | 120 L | 12 x 85 g | 24 x 100 g | 400 g | 2 kg
"""),
    },
}

# ---------------------------------------------------------------------------
# 2522 Papeterie
# ---------------------------------------------------------------------------
CATEGORIES[2522] = {
    "titles": _t("""
{article_papeterie} {marque_papeterie} {caract_papeterie}
{marque_papeterie} {article_papeterie} {caract_papeterie} {couleur}
{article_papeterie} {caract_papeterie} {caract_papeterie}
Lot de {n} {article_papeterie} {marque_papeterie}
{article_papeterie} {couleur} {caract_papeterie}
Cartouche d'encre compatible {modele_cartouche} {caract_papeterie}
Pack {n} cartouches {modele_cartouche} - Noir et couleur
{modele_cartouche} - Cartouche d'encre {marque_papeterie}
{article_papeterie} {licence_enfant} {caract_papeterie}
{article_papeterie} {franchise_pop} - Rentrée scolaire
{article_papeterie} {motif} {caract_papeterie}
Agenda {annee} {caract_papeterie} {couleur}
Calendrier {annee} {theme_papeterie}
{article_papeterie} - {marque_papeterie} - Réf {ref}
{article_papeterie} {theme_papeterie} {couleur}
{article_papeterie} pour bureau {caract_papeterie}
Kit {article_papeterie} + {article_papeterie} {marque_papeterie}
{marque_papeterie} {article_papeterie}
{article_papeterie} {caract_papeterie} - {bruit}
{article_papeterie} fourniture scolaire {caract_papeterie}
{article_papeterie} {etat}
{article_papeterie} personnalisé {theme_papeterie}
Boîte de {n} {article_papeterie} {marque_papeterie}
{article_papeterie} {caract_papeterie}
{article_papeterie} {marque_papeterie} {couleur}
Stationery {article_papeterie} {phrase_en}
{article_papeterie}
"""),
    "descriptions": _t("""
{article_papeterie} {marque_papeterie}, {caract_papeterie}, {caract_papeterie}. {livraison}.
{titre}. Format {caract_papeterie}, papier {caract_papeterie}. Couverture {couleur}.
Indispensable pour la rentrée scolaire : {article_papeterie} {caract_papeterie}. Lot de {n}.
Cartouche compatible {modele_cartouche}, qualité d'impression équivalente à l'origine. Capacité {num} pages.
Fournitures de bureau professionnelles, {caract_papeterie}. Livraison sous 24h en France.
Idéal pour le bullet journal, le scrapbooking et les loisirs créatifs. {caract_papeterie}.
Stylos à encre {caract_papeterie}, séchage rapide, écriture fluide. Boîte de {n}.
Agenda semainier {caract_papeterie}, 1 semaine sur 2 pages, {pages} pages. {couleur}.
Papier {caract_papeterie}, ramette de 500 feuilles, blancheur 161 CIE. Compatible toutes imprimantes.
Carnet {theme_papeterie} couverture rigide, {pages} pages {caract_papeterie}, élastique de fermeture.
Stationery set, {phrase_en}. {phrase_en}.
Produit neuf en emballage d'origine. {marque_papeterie}. {caract_papeterie}.
Kit de peinture pour artistes : {n} tubes de couleurs, pinceaux et palette. {marque_papeterie}.
Cartes de vœux {theme_papeterie} avec enveloppes, lot de {n}. Format 12 x 17 cm.
Etiquettes autocollantes {caract_papeterie}, planches A4. Compatible imprimante laser et jet d'encre.
Trousse garnie {licence_enfant} avec crayons, feutres, règle et gomme.
"""),
    "slots": {
        "article_papeterie": _v("""
cahier | cahier grand format | cahier de brouillon | carnet | carnet de notes | bloc-notes | bloc de correspondance |
agenda | agenda scolaire | calendrier | classeur | classeur à levier | trieur | pochettes plastiques | intercalaires |
porte-vues | chemise à élastiques | stylo bille | stylo plume | stylo gel | feutres | crayons de couleur |
crayon à papier | surligneur | marqueur | marqueur Posca | gomme | taille-crayon | règle | compas | équerre |
rapporteur | trousse | trousse garnie | ramette de papier | papier A4 | enveloppes | étiquettes | post-it | notes repositionnables |
agrafeuse | agrafes | perforatrice | ruban adhésif | colle en bâton | ciseaux | correcteur | souris correctrice |
cartouche d'encre | toner | carte de vœux | faire-part | papier cadeau | stickers | tampon encreur | washi tape |
carnet de croquis | peinture acrylique | gouache | aquarelle | pinceaux | toile à peindre | chevalet |
kit de calligraphie | mine de recharge | porte-mine | pochette Canson | papier dessin | calculatrice | tableau blanc |
ardoise Velleda | feutre effaçable | sous-main | pot à crayons | boîte d'archives | plastifieuse | étiqueteuse
"""),
        "marque_papeterie": _v("""
Clairefontaine | Oxford | Rhodia | Exacompta | Bic | BIC | Stabilo | Pilot | Paper Mate | Staedtler |
Faber-Castell | Maped | Pentel | Uni-ball | Schneider | Parker | Waterman | Lamy | Sheaffer | Post-it | 3M |
Leitz | Esselte | Avery | Herlitz | Conté à Paris | Caran d'Ache | Posca | Sakura | Canson | Lefranc Bourgeois |
Winsor & Newton | Sennelier | Moleskine | Quo Vadis | Brepols | Filofax | HP | Canon | Epson | Brother |
Fellowes | Rexel | Dymo | Tipp-Ex | UHU | Scotch | Pritt | Cléopâtre | Giotto | Crayola | Djeco | Viquel |
Elba | Hamelin | Calligraphe | Casio | Texas Instruments | Velleda | Navigator | Inapa
"""),
        "caract_papeterie": _v("""
A4 | A5 | A3 | 21 x 29,7 cm | 17 x 22 cm | 24 x 32 cm | grands carreaux Seyès | petits carreaux 5x5 | ligné |
uni | pointillé | 96 pages | 192 pages | 80 g/m² | 90 g/m² | 200 g/m² | spirale | piqûre | couverture polypro |
pointe moyenne | pointe fine 0,5 mm | encre gel | effaçable | rechargeable | assortiment de couleurs |
couleurs pastel | lot de 10 | boîte de 12 | pochette de 24 | recyclé | format de poche | dos 40 mm |
XL haute capacité | 140 pages | couverture rigide
"""),
        "modele_cartouche": _v("""
HP 301 | HP 302 XL | HP 304 | HP 305 | HP 62 | Canon PG-540 | Canon CL-541 | Canon PGI-580 | Epson 29XL Fraise |
Epson 603XL Étoile de mer | Epson T1285 Renard | Brother LC-223 | Brother TN-2420 | Brother LC-1100 |
HP 950/951 | HP 953XL | Epson 502XL Jumelles | Canon 545/546 | HP 963 | Samsung MLT-D111S | HP 903XL |
Epson 604XL Ananas | Canon PG-560 | HP 364
"""),
        "theme_papeterie": _v("""
fleuri | chats | licorne | Paris | vintage | kawaii | marbre | citations | floral | nature | animaux | géométrique |
Harry Potter | Disney | Tour Eiffel | Noël | mariage | anniversaire | naissance | bord de mer | botanique | bohème
"""),
    },
}


# ---------------------------------------------------------------------------
# Long, keyword-stuffed titles as marketplace sellers (often importers) write them
# ---------------------------------------------------------------------------
_LONG_TITLES: dict[int, str] = {
    10: """
{titre_livre} - {auteur} - {editeur} - {type_edition} - {annee} - {etat_livre_occ}
""",
    2705: """
{titre_livre} - {auteur} - {editeur} - {format_neuf} - {annee} - {pages} pages
{livre_pratique} - {sous_titre} - {editeur} - {format_neuf} - {etat_neuf_livre}
""",
    40: """
{titre_jeu} - {edition_jeu} - {plateforme} - {version_jeu} - {etat_neuf_jeu} {bonus_jeu}
""",
    2462: """
{titre_jeu} - {plateforme} - {version_jeu} - {etat_occ_jeu} - {etat_occ_jeu}
""",
    50: """
{marque_acc} {accessoire} {compat} {caract_acc} {caract_acc} {caract_acc} {couleur}
Manette Sans Fil {compat} {caract_acc} {caract_acc} Manette de Jeu {couleur} Wireless Controller Gamepad
""",
    60: """
Console {console} {stockage} {couleur} {pack_console} {pack_console} - {etat_console}
""",
    2905: """
{jeu_pc} - {edition_jeu} - PC - {support_pc} - {version_jeu} - {pegi}
""",
    1140: """
{marque_fig} {type_figurine} {franchise_pop} {personnage} {taille_fig} {etat_fig} - Figurine de collection {bruit}
Figurine {personnage} {franchise_pop} {taille_fig} Anime Manga Figure PVC Statue Collection Cadeau {etat_fig}
""",
    1160: """
Carte Pokémon {carte} {rarete} {num}/{num} {extension} {langue_carte} {etat_carte} + Protection
{jeu_cartes} {produit_cartes} {extension} {langue_carte} - Neuf scellé - Produit officiel {bruit}
""",
    1180: """
Games Workshop {gamme_wh} {faction} {unite} {etat_fig_jeu} - {n} figurines - Réf {ref}
""",
    1280: """
{marque_jouet} {gamme_jouet} {ref} {jouet} {caract_jouet} {caract_jouet} - {age} - {pieces} pièces
{jouet} {caract_jouet} {caract_jouet} {licence_enfant} {couleur} Jouet Cadeau Enfant Garçon Fille {age}
{jouet} {taille_jouet} {caract_jouet} {personnage} {franchise_pop} - {marque_jouet} - {bruit}
{jouet} {caract_jouet} - Jouet éducatif Montessori {age} {couleur} {matiere}
""",
    1281: """
{jeu_societe} - {type_jeu_enf} {adj_jeu_soc} - {nb_joueurs} - {age} - {duree} - {editeur_jeu_soc}
Puzzle {pieces} pièces {theme_puzzle} {editeur_jeu_soc} - Puzzle adulte et enfant {cm} x {cm2} cm
""",
    1300: """
{marque_modelisme} {ref} - {sujet_maquette} {epoque} - Maquette {echelle} {caract_modelisme} {caract_modelisme}
{article_modelisme} {caract_modelisme} {caract_modelisme} {caract_modelisme} {echelle} {marque_modelisme} {couleur}
Voiture RC {echelle} {caract_modelisme} {caract_modelisme} {marque_modelisme} - Buggy tout-terrain {couleur}
""",
    1301: """
{n} Paires {article_bebe} Bébé Fille Garçon {matiere_bebe} {motif_bebe} {couleur} {taille_bebe} - {phrase_en}
{article_bebe} {matiere_bebe} {motif_bebe} Bébé {taille_bebe} Chaussons Premiers Pas Antidérapants {couleur}
{marque_bebe} {article_bebe} {matiere_bebe} {motif_bebe} {couleur} - Taille {taille_bebe} - Lot de {n}
Newborn Baby Girl Boy {article_bebe} {motif_bebe} {taille_bebe} Soft Cotton Anti-Slip Socks
""",
    1302: """
{article_plein_air} {caract_plein_air} {caract_plein_air} {marque_plein_air} {dimension} - Jeu de jardin pour enfants {age}
{article_plein_air} {matiere} {caract_plein_air} + {article_plein_air} - {couleur} - {age} - {bruit}
Trampoline {caract_plein_air} {caract_plein_air} avec filet de sécurité et échelle {couleur} {marque_plein_air}
{article_plein_air} enfant {caract_plein_air} {caract_plein_air} {couleur} {age} - Jouet d'extérieur {licence_enfant}
""",
    1320: """
{marque_pueri} {article_pueri} {gamme_pueri} {caract_pueri} {caract_pueri} {couleur} - {age_bebe}
{article_pueri} bébé {caract_pueri} {caract_pueri} {matiere} {couleur} {motif} - {age_bebe} - {bruit}
Poussette {caract_pueri} {caract_pueri} {marque_pueri} {gamme_pueri} + {article_pueri} {couleur}
{article_pueri} {caract_pueri} {age_bebe} - {article_pueri} {marque_pueri} {couleur} {dimension}
""",
    1560: """
{meuble} {style} {matiere} {finition} {caract_meuble} {caract_meuble} - {dimension} - {couleur}
{marque_maison} {meuble} {nom_modele} {caract_meuble} {matiere} {couleur} L{cm} x P{cm2} cm
{meuble} pour {piece} {style} en {matiere} {couleur} avec {n} tiroirs - Meuble de rangement {dimension}
{meuble} {couleur} {matiere} {style} {caract_meuble} - Mobilier {piece} {bruit}
""",
    1920: """
Parure de Lit {composition_parure} {caract_linge} {motif} {couleur} - Housse de Couette {dimension} {style}
Housse De Coussin {dimension} {motif} {couleur} {matiere} Décoration {piece} Canapé {style}
Lot de {n} {linge} {caract_linge} {couleur} {dimension} - {marque_maison} - {caract_linge}
{linge} {matiere} {caract_linge} {couleur} {dimension} {motif} - Linge de maison {style}
Rideaux {caract_linge} {dimension} {couleur} - Lot de 2 Rideaux {motif} pour {piece}
""",
    1940: """
{marque_epicerie} {produit_epicerie} {saveur} {caract_epicerie} {caract_epicerie} - {conditionnement} - Lot de {n}
Lot de {n} {produit_epicerie} {marque_epicerie} {saveur} {conditionnement} {caract_epicerie} - {livraison}
{produit_epicerie} {saveur} {caract_epicerie} {conditionnement} - Spécialité de {region_epicerie} - {marque_epicerie}
Coffret cadeau gourmand {region_epicerie} : {produit_epicerie}, {produit_epicerie} et {produit_epicerie} {caract_epicerie}
{marque_epicerie} - {produit_epicerie} {saveur} - {conditionnement} (Lot de {n})
""",
    2060: """
{deco} {style} {matiere} {couleur} {caract_deco} {dimension} - Décoration {piece} {theme_deco}
Lot de {n} {deco} {caract_deco} {couleur} - Décoration {theme_deco} pour {piece} - {style}
{deco} {theme_deco} {matiere} {caract_deco} H {cm} cm - Déco {style} {piece} {bruit}
Stickers Muraux Autocollant {theme_deco} {deco} Décoration Chambre Salon {dimension} {couleur}
{deco} {matiere} {couleur} - {style} - {dimension} - {marque_maison}
""",
    2220: """
{marque_animal} {gamme_animal} {article_animal} pour {animal} {caract_animal} {caract_animal} - {taille_animal} - Lot de {n}
{article_animal} pour {animal} {caract_animal} {caract_animal} {matiere} {couleur} {taille_animal} {bruit}
Arbre à chat {cm} cm multi-niveaux avec griffoirs en sisal, niches et hamac - {couleur}
{article_animal} {animal} {taille_animal} {caract_animal} - Accessoire {animal} {couleur} {dimension}
""",
    2522: """
{marque_papeterie} {article_papeterie} {caract_papeterie} {caract_papeterie} {caract_papeterie} {couleur} - Lot de {n}
Pack {n} Cartouches d'encre compatibles {modele_cartouche} {caract_papeterie} pour imprimante {marque_papeterie}
{article_papeterie} {theme_papeterie} {caract_papeterie} {couleur} - Fourniture de bureau et scolaire {bruit}
""",
    2582: """
Salon de jardin {matiere} {places} {couleur} {caract_jardin} + coussins - Table + {n} fauteuils {caract_jardin}
{marque_jardin} {meuble_jardin} {nom_gamme_jardin} {matiere} {couleur} {caract_jardin} {dimension}
{meuble_jardin} {matiere} {caract_jardin} {caract_jardin} pour jardin, terrasse, balcon - {couleur} - {dimension}
Lot de {n} {meuble_jardin} {matiere} {couleur} {caract_jardin} - Mobilier de jardin {style}
Parasol déporté {dimension} {couleur} {caract_jardin} {caract_jardin} + pied de parasol
""",
    2583: """
{marque_piscine} {article_piscine} {caract_piscine} {caract_piscine} pour piscine hors sol {dim_piscine}
Kit Piscine {type_piscine} {marque_piscine} {dim_piscine} + {article_piscine} + {article_piscine} + {produit_chimique}
{produit_chimique} {conditionnement_piscine} {marque_piscine} - Traitement de l'eau piscine et spa - Lot de {n}
Robot nettoyeur piscine {marque_piscine} {caract_piscine} {caract_piscine} - fond, parois et ligne d'eau
{article_piscine} {caract_piscine} compatible {marque_piscine} {type_piscine} {dim_piscine} - {bruit}
""",
    2585: """
{marque_jardin} {outil_jardin} {tension} {caract_outil} {caract_outil} {modele_outil} - {caract_outil}
{outil_jardin} {watt} W {caract_outil} {caract_outil} + {accessoire_outil} - {marque_jardin}
{outil_jardin} sans fil {tension} {caract_outil} avec 2 batteries et chargeur - {couleur} - {bruit}
Lot {outil_jardin} + {outil_jardin} + {outil_jardin} {marque_jardin} {caract_outil}
{outil_jardin} {matiere} {caract_outil} {caract_outil} - Outil de jardinage {couleur} {cm} cm
""",
}
for _code, _block in _LONG_TITLES.items():
    CATEGORIES[_code]["titles"].extend(_t(_block))
del _code, _block


# ---------------------------------------------------------------------------
# Self-check helpers (cheap; used by tests and by the generator's author)
# ---------------------------------------------------------------------------
def placeholders(template: str) -> list[str]:
    """Names of the ``{placeholders}`` in a template, in order."""
    import re

    return re.findall(r"\{(\w+)\}", template)


def check() -> list[str]:
    """Problems in the vocabulary (empty list when it is consistent)."""
    problems: list[str] = []
    if set(CATEGORIES) != set(NAMES):
        problems.append("CATEGORIES and NAMES do not cover the same codes")
    for code, cat in CATEGORIES.items():
        known = set(SHARED) | set(cat["slots"]) | set(NUMERIC)
        if len(cat["titles"]) < 25:
            problems.append(f"{code}: only {len(cat['titles'])} titles")
        if len(cat["descriptions"]) < 15:
            problems.append(f"{code}: only {len(cat['descriptions'])} descriptions")
        for key, values in cat["slots"].items():
            if not 15 <= len(values) <= 80:
                problems.append(f"{code}: slot {key} has {len(values)} values")
            if key in SHARED:
                problems.append(f"{code}: slot {key} shadows SHARED")
        for t in cat["titles"]:
            problems += [f"{code}: title uses unknown {{{p}}}" for p in placeholders(t) if p not in known]
        for t in cat["descriptions"]:
            problems += [f"{code}: description uses unknown {{{p}}}" for p in placeholders(t)
                         if p not in known and p != "titre"]
    for lists in [SHARED] + [c["slots"] for c in CATEGORIES.values()]:
        for key, values in lists.items():
            problems += [f"slot {key}: value {v!r} contains braces" for v in values if "{" in v or "}" in v]
    return problems

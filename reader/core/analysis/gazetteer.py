"""Word lists the offline entity recogniser ships with (hand-written; countries and their
subdivisions come from pycountry). Lower-case unless noted."""

from __future__ import annotations

import re
from functools import lru_cache

PERSON_TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady sen senator rep representative gov
governor president vice-president vp premier chancellor minister secretary ambassador spokesman
spokeswoman spokesperson king queen prince princess duke duchess emperor empress pope cardinal
bishop archbishop rev reverend father sister brother imam rabbi sheikh judge justice gen
general col colonel lt lieutenant capt captain maj major sgt sergeant adm admiral commander
cmdr officer detective det inspector chief coach manager chairman chairwoman chair ceo cfo
founder director mayor councillor councilman councilwoman sheriff deputy agent attorney lawyer
prosecutor dean president-elect mp mep leader dictator saint st actor actress singer striker
midfielder defender goalkeeper
""".split())

PERSON_VERBS = frozenset("""
said says told added asked replied explained noted argued insisted warned claimed wrote stated
according announced admitted acknowledged confirmed denied believes thinks thought recalled
urged declared tweeted continued suggested testified remarked responded answered shouted
whispered cried
""".split())

ORG_SUFFIXES = frozenset("""
inc inc. corp corp. corporation co co. company companies ltd ltd. llc plc group holdings bank
university college school institute institution academy ministry department agency office
bureau council committee commission party union federation association society league club fc
cf ac organisation organization foundation fund trust authority board court parliament congress
senate assembly army navy force forces police service services airlines airways motors
industries international partners capital securities exchange times post news press journal
herald tribune network networks television tv radio broadcasting studios records church
hospital museum government administration cabinet secretariat command brigade battalion
regiment team united city rovers wanderers athletic county ag gmbh kg bahn observatory
laboratory laboratories
""".split())

ORG_ACRONYMS = frozenset("""
NATO UN EU UNESCO UNICEF WHO WTO IMF OPEC OECD ASEAN FBI CIA NSA NASA KGB FSB MI5 MI6 BBC CNN
NBC CBS ABC FIFA UEFA IOC NFL NBA MLB NHL ICC IAEA UNHCR AFP AP Reuters Xinhua TASS IRA PLO ANC
PKK ETA IBM AT&T HSBC GM BMW BP ICJ ECB G7 G20 OSCE IRS EPA FDA SEC DOJ DHS CDC NHS BJP AU GOP
NPR PBS MSNBC ESPN UPI DPA NYSE NASDAQ AFL-CIO Hamas Hezbollah Taliban Interpol Europol Google
Apple Microsoft Amazon Facebook Meta Twitter Tesla Intel Samsung Sony Toyota Honda Nokia Boeing
Airbus Volkswagen Siemens Huawei Alibaba Tencent Netflix Uber Walmart Pfizer Moderna Reuters
Bloomberg Kremlin Pentagon Congress Parliament Senate Vatican
""".split())

# Multi-word organisations worth knowing by name (exact, case-sensitive).
ORG_NAMES = frozenset({
    "White House", "State Department", "Foreign Ministry", "European Union", "United Nations",
    "Security Council", "World Bank", "Federal Reserve", "Supreme Court", "New York Times",
    "Washington Post", "Wall Street Journal", "Associated Press", "Red Cross", "Al Qaeda",
    "Islamic State", "Labour Party", "Conservative Party", "Democratic Party",
    "Republican Party", "Communist Party", "Manchester United", "Real Madrid",
})

LOCATION_WORDS = frozenset("""
north south east west northern southern eastern western central upper lower new river lake
mount mountains sea ocean gulf bay island islands valley desert coast peninsula street avenue
road square park bridge strait canal province state region county city
""".split())

# Countries and places by their everyday names (pycountry adds the official ones).
PLACES = frozenset("""
US U.S. USA U.S.A. America UK U.K. Britain England Scotland Wales Ireland Russia China Taiwan
Iran Syria Korea Vietnam Laos Bolivia Venezuela Tanzania Moldova Czechia Macedonia Palestine
Gaza Kosovo Europe Asia Africa Antarctica Oceania Australia Americas Arctic Siberia Balkans
Caucasus Crimea Donbass Donbas Kashmir Tibet Xinjiang Catalonia Bavaria Scandinavia Caribbean
Mediterranean Atlantic Pacific Sahara Himalayas Alps Amazon Nile Danube Rhine Thames
Mississippi Beijing Shanghai Moscow Washington London Paris Berlin Rome Madrid Lisbon Vienna
Prague Budapest Warsaw Kyiv Kiev Minsk Tokyo Osaka Seoul Pyongyang Mumbai Kolkata Chennai
Bangalore Karachi Lahore Islamabad Kabul Tehran Baghdad Damascus Beirut Jerusalem Amman Riyadh
Dubai Doha Cairo Istanbul Ankara Athens Brussels Amsterdam Geneva Zurich Stockholm Oslo
Copenhagen Helsinki Dublin Edinburgh Manchester Liverpool Birmingham Glasgow Leeds Bristol
Sydney Melbourne Auckland Toronto Montreal Vancouver Ottawa Chicago Boston Houston Dallas
Atlanta Miami Seattle Denver Detroit Philadelphia Phoenix Nairobi Lagos Johannesburg Mexico
Havana Bogota Lima Santiago Caracas Brasilia Bangkok Hanoi Jakarta Manila Singapore Taipei
Dhaka Colombo Kathmandu Tashkent Baku Tbilisi Yerevan Belgrade Zagreb Sarajevo Sofia Bucharest
Vilnius Riga Tallinn Frankfurt Munich Hamburg Cologne Milan Naples Florence Venice Barcelona
Seville Marseille Lyon Nice Kharkiv Odessa Mariupol Donetsk Luhansk Kherson Sevastopol
Minneapolis Pittsburgh Cleveland Baltimore Nashville Orlando Tampa Austin Hollywood Manhattan
Brooklyn Delhi
""".split())

_MULTI_PLACES = (
    "Hong Kong", "Tel Aviv", "Cape Town", "Mexico City", "Buenos Aires", "Rio de Janeiro",
    "Sao Paulo", "Kuala Lumpur", "Las Vegas", "Los Angeles", "San Francisco", "San Diego",
    "New York", "New Jersey", "New Delhi", "New Zealand", "Wall Street", "Silicon Valley",
    "West Bank", "Persian Gulf", "South China Sea", "Middle East", "Far East", "Latin America",
    "North America", "South America", "Central America", "Southeast Asia", "East Asia",
    "Western Europe", "Eastern Europe", "United States", "United Kingdom", "South Korea",
    "North Korea", "South Africa", "Saudi Arabia", "Sri Lanka", "Costa Rica", "Puerto Rico",
    "El Salvador", "Ivory Coast", "Soviet Union", "Great Britain", "Northern Ireland",
    "Czech Republic", "Dominican Republic", "Hong Kong", "St Petersburg", "St. Petersburg",
    "Abu Dhabi", "Addis Ababa", "Sierra Leone", "Burkina Faso", "Cape Verde",
)

DEMONYMS = frozenset("""
american british english scottish welsh irish french german italian spanish portuguese dutch
belgian swiss austrian swedish norwegian danish finnish polish czech slovak hungarian romanian
bulgarian greek turkish russian ukrainian belarusian georgian armenian chinese japanese korean
vietnamese thai indian pakistani afghan iranian iraqi syrian lebanese israeli palestinian
jordanian saudi egyptian libyan tunisian moroccan algerian nigerian kenyan ethiopian somali
sudanese african european asian western eastern arab muslim christian jewish catholic mexican
brazilian argentine argentinian chilean colombian peruvian venezuelan cuban canadian australian
zealander soviet serbian croatian bosnian albanian kurdish taiwanese indonesian filipino
malaysian
""".split())

FIRST_NAMES = frozenset("""
aaron abdul abdullah abraham adam adrian ahmed ahmad alan albert alberto alejandro alex
alexander alexandra alexei alfred ali alice alicia alison amanda amy ana andre andrea andreas
andrew andrei andy angela angelina ann anna anne annie anthony antonio antony arthur ashley
barack barbara barry ben benjamin bernard bernie beth betty bill billy bob bobby boris brad
brandon brian bruce bruno carl carla carlos carol caroline catherine charles charlie charlotte
chris christian christina christine christopher claire claude colin craig dan daniel danny
david dean deborah dennis derek diana diane dick dimitri dmitry dominic donald donna doug
douglas duncan ed eddie edward elena elizabeth ellen emily emma emmanuel eric erik ernest eva
evan frank françois francis francisco frederick gary george georg gerald gerhard giorgio
giuseppe gordon grace graham greg gregory hans harold harry heather helen helmut henry hillary
howard hugh hugo ian igor isaac ivan jack jacob jacques jake james jamie jan jane janet jason
javier jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joan joe joel johann john
johnny jon jonathan jorge jose josé joseph josh joshua juan judith julia julian julie justin
karen karl kate katherine kathleen keith kelly ken kenneth kevin kim kurt larry laura lauren
lawrence lee leo leon leonard linda lisa liz louis louise lucas luis luke maria marie mario
mark martin mary matt matthew maurice max michael michel michelle miguel mike mikhail mohammed
mohammad muhammad nancy natalie nathan neil nelson nicholas nick nicola nicolas nigel nikolai
noah norman oliver olivia omar oscar pablo pamela patricia patrick paul paula pedro peter
philip phil pierre rachel ralph ramon raymond rebecca richard rick rob robert roberto robin
roger ronald rose roy ruth ryan sally sam samuel sandra sara sarah scott sean sebastian sergei
sergey sharon simon sophie stanley stephen steve steven stuart susan tom thomas tim timothy
tony vincent viktor vladimir walter wayne william willie xavier yuri zoe jens jürgen klaus
wolfgang dieter stefan anders lars nils olaf sven erik jose manuel antonio luigi marco paolo
franco silvio angela emmanuel nicolas jacques alain gilles olivier yves rafael carlos ricardo
fernando diego sergio hugo ahmet mehmet mustafa recep kemal hassan hussein hosni yasser
benjamin ehud ariel shimon yitzhak narendra rahul sonia indira jawaharlal shinzo yoshihide
fumio junichiro kim jong moon park xi li wang zhang liu chen yang huang zhao wu zhou hu deng
mao jiang wen vladislav volodymyr petro leonid viktor yulia arseniy dmitri sergei alexey kamala
jill melania ivanka hunter mitch nancy chuck kevin marco ted rand lindsey elizabeth bernie pete
cory amy kirsten beto joe antony jake lloyd janet merrick xavier gina jennifer
""".split())

COMMON_CAPITALISED = frozenset("""
a an the this that these those it its he she they we i you his her their our my your however
but and or so yet if when while after before since although though because as earlier later
meanwhile moreover furthermore also still then thus therefore nevertheless today yesterday
tomorrow tonight now here there where what who why how which whose monday tuesday wednesday
thursday friday saturday sunday january february march april may june july august september
october november december in on at by for from with of to into about over under between among
through during without one two three four five six seven eight nine ten first second third last
next many most some all any each every both few several such no not never always only even just
again mr mrs ms dr yes no oh well okay ok please thanks thank dear chapter section part book
volume page figure table note notes see said says according
""".split())

UNITS = frozenset("""
percent per cent million billion trillion thousand hundred dollars euros pounds yen km miles
""".split())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Exact-case place names: countries (official and common), subdivisions, cities above."""
    names: set[str] = set()
    names.update(PLACES)
    names.update(_MULTI_PLACES)
    try:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name"):
                v = getattr(c, attr, None)
                if v and "," not in v and "(" not in v:
                    names.add(v)
        for sd in pycountry.subdivisions:
            if sd.type in {"State", "Province", "Region", "Country", "Nation", "Emirate",
                           "Autonomous region", "Federal district", "Municipality"}:
                v = sd.name
                if (v and "," not in v and "(" not in v and " " not in v.strip()) or (
                    v and v.count(" ") <= 2 and "," not in v and "(" not in v
                ):
                    names.add(v)
    except Exception:  # pycountry missing or broken: the hand-written list still works
        pass
    return frozenset(n for n in names if n[:1].isupper() and n.lower() not in COMMON_CAPITALISED)


#: Capitalised words a CoNLL-trained model takes for names in fiction and older prose:
#: interjections, archaic pronouns, forms of address, roman numerals (chapter headings),
#: words for God.
NOT_NAME_WORDS = frozenset("""
o ah oh aye nay alas yes no good well thou thee thy thine ye sir madam ma'am god lord heaven
heavens providence almighty
pshaw pooh bah humph tut fie whew ugh hallo halloa hullo hollo ahoy avast hurrah huzza huzzah
zounds egad alack alackaday holloa hillo
monsieur madame mademoiselle majesty highness lordship ladyship excellency
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli
oktober dezember lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles
jueves viernes sábado domingo
""".split())
NOT_NAMES = NOT_NAME_WORDS | frozenset("i ii iii iv v vi vii viii ix x xi xii".split())

#: Feasts and quarter days: dates, never a person or a place ("at Michaelmas").
_FEASTS = frozenset("""
christmas michaelmas easter whitsuntide whitsun candlemas martinmas lammas lady-day
midsummer shrovetide lent advent epiphany ramadan passover pentecost yuletide
""".split()) | frozenset({"'tis", "’tis", "tis", "'twas", "’twas", "twas", "mamma", "mama",
                          "papa", "esq"})


def never_a_name(surface: str) -> bool:
    """A word no person or place is called: an interjection ("Lord!"), a feast, a form of
    address, a lone initial ("F.", a name the text keeps back)."""
    bare = surface.strip(" !?,;:")
    low = bare.rstrip(".").lower()
    return (low in NOT_NAMES or low in _FEASTS or bare.lower() in _FEASTS
            or re.fullmatch(r"[A-Za-z]\.?", bare) is not None)


#: Forms of address and the verbs of speech after which a capitalised word is a person
#: ("Mrs. Bennet", "said Flask"): the evidence that makes every mention of a name a person.
TITLE_WORDS = (
    "Mr|Mrs|Ms|Miss|Mister|Madame|Mme|Dr|Doctor|Professor|Prof|Captain|Capt|Sir|Lady|Lord|"
    "Colonel|Col|General|Gen|Lieutenant|Lt|Sergeant|Sgt|Inspector|Judge|Dame|Aunt|Uncle|"
    "King|Queen|Prince|Princess|President|Senator|Sen|Governor|Gov|Father|Sister|Brother"
)
SAYING_VERBS = (
    "said|says|cried|replied|asked|answered|shouted|exclaimed|whispered|added|continued|"
    "returned|observed|muttered|rejoined|demanded|roared|repeated|murmured|sighed|"
    "laughed|insisted|interrupted|began|resumed"
)

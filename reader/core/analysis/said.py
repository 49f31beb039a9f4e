"""How a text says who speaks: the verbs of speech and the patterns around a quotation
(``"…," Zhao said``, ``said Zhao``, ``"…," said he``, ``Blinken said: "…"``, ``"…" ― Pamela
Padilla``). :mod:`reader.core.analysis.speakers` reads them."""

from __future__ import annotations

import re

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|asked|asks|replied|replies|explained|explains|noted|"
    "notes|argued|argues|insisted|insists|warned|warns|claimed|claims|wrote|writes|stated|"
    "states|declared|declares|continued|continues|recalled|recalls|remarked|responded|"
    "answered|shouted|whispered|cried|exclaimed|admitted|acknowledged|confirmed|announced|"
    "tweeted|posted|urged|suggested|conceded|concluded|observed|predicted|promised|vowed|"
    "stressed|emphasized|emphasised|demanded|countered|quipped|joked|boasted|complained|"
    "reported|reports|cautioned|charged|pointed\\s+out|went\\s+on|"
    "said\\s+in\\s+a\\s+statement|told\\s+\\w+|"
    "called\\s+out"
)
# Right after a quotation, verbs of manner name its speaker too ("…," she murmured); before
# one they are too often plain narration ("He returned to Washington").
AFTER_VERBS = SPEECH_VERBS + (
    "|rejoined|returned|murmured|muttered|sighed|laughed|resumed|began|interposed|interrupted|"
    "repeated|retorted|groaned|pursued|faltered|stammered|protested|persisted|assented|"
    "agreed|ejaculated|growled|thought|screamed|shrieked|sobbed|breathed|echoed|hazarded|"
    "ventured|called|interjected|interrogated|moaned|panted|gasped|snapped|sneered|smiled|"
    "cried\\s+out|broke\\s+in|"
    "put\\s+in|struck\\s+in|burst\\s+out|observed|said\\s+\\w+ly|inquired|enquired|"
    "reasoned|explained|mused|drawled|whimpered|pleaded|suggested|owned|considered|"
    "conceded|concluded|corrected|assented|objected|returned|"
    "opined|roared|bellowed|yelled|hissed|chuckled|grumbled|mumbled|stuttered|snarled|barked|"
    "queried|remonstrated|expostulated|volunteered|sang|piped|squeaked|wailed|giggled|"
    "spluttered|sputtered|blurted|blustered|lisped|croaked|stormed|thundered|conjectured|"
    "speculated|reflected|begged|entreated|implored|whined|snorted|scoffed|chimed\\s+in|"
    "rapped|crowed|purred|teased|coaxed|soothed|commanded|ordered|directed|instructed|"
    "counselled|advised|scolded|reproached|chided|rebuked|accused|apologised|apologized|"
    "confessed|acquiesced|affirmed|averred|asserted|maintained|contended|proceeded|proclaimed"
)
PRONOUNS = {"he", "she", "they", "i", "we", "him", "her"}
NOT_SPEAKERS = {"it", "this", "that", "which", "who", "and", "but", "as", "what", "there",
                 "has", "had", "is", "was", "also", "then", "so", "if", "when"}
# A hyphen inside a name ("Inzamam-ul-Haq"), never the dash after it ("Mr. Knightley--").
NAME = (r"(?:[A-Z](?:[\w'’.]|-(?=\w))*)"
        r"(?:\s+(?:[A-Z](?:[\w'’.]|-(?=\w))*|of|de|der|den|du|van|von|al|bin))*")
# "the former secretary of state", never "the video should be released but" or "a young
# woman who": a description is a few words that are not verbs or clause words.
DESC_WORD = (r"(?!(?:who|that|which|should|would|could|will|be|been|is|are|was|were|but|and|"
              r"has|have|had|to|not|he|she|they|we|his|him|her|it|i)\b)[\w-]+")
SUBJECT = (rf"(?<![\w'’])(?<!\w-)(?:{NAME}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e|who"
            rf"|(?:[Tt]he|[Aa]n?)\s+(?:{DESC_WORD}\s+){{0,4}}?{DESC_WORD})")

AFTER_SUBJ_VERB = re.compile(
    rf"^\s*(?:--|[,—–-])?\s*(?P<who>{SUBJECT})\s+(?:has\s+|had\s+|[a-z]+ly\s+)?"
    rf"(?:{AFTER_VERBS})\b")
# ``"…," Audrey Gaughran, Amnesty's director of global issues, said.``
AFTER_APPOSITIVE = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>{NAME}),\s+[^\"“”.;]{{1,100}}?,\s+(?:has\s+|had\s+)?"
    rf"(?:{SPEECH_VERBS})\b")
# After a quotation even an unnamed group can be the speaker: ``"…," museum researchers wrote``.
AFTER_GROUP_VERB = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*)\s+(?:{SPEECH_VERBS})\b")
AFTER_VERB_SUBJ = re.compile(
    rf"^\s*(?:--|[,—–-])?\s*(?:{AFTER_VERBS})\s+"
    rf"(?P<who>(?:(?:(?!(?:in|on|at|to|that|after|before|from|by|for|of|during)\b)"
    rf"[a-z0-9/’'-]+\s+){{0,3}}{NAME}|(?:the|one|a|an)\s+[\w\s-]{{1,40}}?|(?:his|her)\s+[a-z]+)"
    r"(?=[,.;:!?]|--|\s*$|\s+(?:in|on|at|to|who|after|before|with|and|as)\b"
    r"|\s+(?:(?:very|so|too|rather|quite|most|more|less)\s+)?[a-z]+ly\b"
    r"|\s+(?:a\s+little|again|at\s+last|at\s+once|once\s+more)\b)"
    # "…," said he (very comfortably): the old order, a pronoun after the verb.
    r"|(?:he|she)\b(?![-'’]))")
# ``met by the butler, who said,``: the one a "who" that speaks stands for.
ANTECEDENT = re.compile(rf"(?P<who>{SUBJECT})\s*,\s*$")
BEFORE = re.compile(rf"(?P<who>{SUBJECT})\s+(?:has\s+|had\s+|also\s+|[a-z]+ly\s+)?"
                    rf"(?:{SPEECH_VERBS})\b")
# ``Beaufort retorted: "…"``, ``Mr. Elton warmly added, "…"``: a verb of manner too, when
# it ends the words before the quotation.
INTRO = re.compile(rf"(?P<who>{SUBJECT})\s+(?:[a-z]+ly\s+)?(?:{AFTER_VERBS})\b"
                   r"[^.!?\"“”]{0,40}?[,:]\s*(?:--)?\s*$")
# ``"…" ― Pamela Padilla``: a dash and a name, the way collected quotations are signed.
AFTER_DASH = re.compile(rf"^[\s,]*[―—–]\s*(?P<who>{NAME})\s*(?:[.,]|$)")
APPOSITION = re.compile(rf",\s+(?P<who>{NAME})\s*(?:[,.;:!?]|$)")
ACCORDING = re.compile(rf"[Aa]ccording\s+to\s+(?P<who>{NAME})")
# ``According to Limbaugh, “…”``: before the quotation, ending the words that lead to it.
ACCORDING_BEFORE = re.compile(rf"[Aa]ccording\s+to\s+(?P<who>{NAME}),\s*$")
# A participle of speech ending the words before a quotation: ``footage of Trump saying
# during the debate, “…”`` (the name right before it speaks) or ``Dean … poked at Trump,
# tweeting, “…”`` (after a comma: the sentence's subject speaks).
PARTICIPLE = re.compile(r"(?P<comma>,\s*)?\b(?:saying|asking|adding|tweeting|writing|noting|"
                        r"declaring|explaining|insisting|warning|arguing|stating|replying|"
                        r"answering|responding|telling\s+\w+)\b[^.!?\"“”]{0,60}?[,:]\s*$")
# "spoke to Mr. Darcy": a name after one of these is not the one acting.
PREPOSITIONS = {"of", "in", "at", "from", "for", "by", "with", "on", "to", "about", "against",
                "than", "like", "into", "over", "under", "between", "among", "toward",
                "towards"}
# "the newspaper said": the last organisation named.
ORG_NOUNS = {"newspaper", "paper", "daily", "agency", "ministry", "company", "firm",
             "network", "campaign", "committee", "department", "government", "group",
             "organisation", "organization", "magazine", "site", "website", "outlet",
             "broadcaster", "channel", "office", "party", "report", "statement"}

"""Where a match stands: its sentence, whether it is quoted, and the exceptions a careful reviewer makes.

Each check reads only the sentence around the match, so its cost grows with the findings, not the text. The
costly expressions are ``prefiltered``: run only where the words they need stand.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .matcher import OffsetMap, RawMatch
from .model import Exception_
from .prefilter import prefiltered

_MODAL = prefiltered(
    r"\b(should|must|needs? to|ought to|is asked to|are asked to|recommend\w*)\b(?!\s+(?:have|not have)\b)",
    re.IGNORECASE,
)
_NEGATION_FRAME = prefiltered(
    r"\b(not to say|not to suggest|does not mean|did not mean|doesn't mean|no suggestion|no evidence|"
    r"not the case|not because|no single|no individual|rather than|not suggesting|"
    # "none of the services concerned could have predicted"
    r"none of (?:\w+ ){0,4}(?:could|would|can|cannot|can't)|"
    r"not about|never suggested|cannot be said|is not that|was not that|not to apportion|not designed to|"
    r"(?:does|did|do) not (?:find|consider|think|believe|conclude|suggest|accept)|"
    # a finding that could not be made: "the board could not confirm that the failings had caused the death"
    r"(?:could not|can not|cannot|couldn't|couldn’t|can't|can’t) "
    r"(?:confirm|conclude|be sure|be certain) (?:that|whether)|"
    # "it would be unrealistic to think their conduct could have been foreseen"
    r"(?:unrealistic|unfair|wrong|mistaken|misleading|simplistic) to "
    r"(?:think|say|suggest|expect|conclude|claim|assume)|"
    r"not (?:try|trying|seek|seeking|attempt|attempting|aim|aiming|set out) to|"
    r"not (?:the|its|our|their) (?:purpose|job|role|aim|task)|"
    # what a review is not for: "the review does not examine whether anyone was at fault", "nor is it
    # intended to establish who was responsible", "this is not an inquiry into the death"
    r"(?:does|do|did|will|would|is|are) not (?:\w+ )?(?:look|inquire|enquire|investigate|examine|consider)\w* "
    r"(?:into|whether|who)|"
    r"(?:not|nor) (?:\w+ ){0,3}(?:meant|intended|designed|there|set up|established|used) to|"
    r"not (?:an? )?(?:investigation|inquiry|inquiries|investigations|enquiry|enquiries) into|"
    # "this meeting is not a place to allocate blame", "our task is not to judge who was culpable"
    r"(?:is|are|was|were) not (?:\w+ ){0,3}(?:to|in order to)|not (?:these|the|this|our) reviews?\b|"
    # the just culture guide's own definition: "culpability is considered only for reckless acts"
    r"culpab\w* (?:is|are|will be) (?:\w+ )?only (?:considered |decided |judged )?(?:for|where|when|in))\b",
    re.IGNORECASE,
)
# Whether the harm could have been prevented, asked by a body that is yet to answer it: "the inquest will consider
# whether the death was avoidable", "the coroner is looking into whether", "it was unable to say categorically
# whether". Only for the outcome called avoidable or foreseeable (``_OUTCOME_VERDICT``): a review that sets out to
# decide whether anyone was culpable is looking for fault, which is blame.
_OPEN_QUESTION = prefiltered(
    r"\b(?:(?:inquests?|coroners?|inquir(?:y|ies)|reviews?|investigations?|courts?|jury|juries|panels?|hearings?)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:consider|examin|determin|decid|establish|look|investigat|explor|assess)\w*\s+"
    r"(?:into\s+)?|unable to (?:say|determine|conclude|confirm|establish)\s+(?:\w+\s+)?)whether\b",
    re.IGNORECASE,
)
_OUTCOME_VERDICT = re.compile(r"avoid|prevent|predict|forese", re.IGNORECASE)
# A review saying what it will not decide, just before the words it sets aside: "the review will not decide
# whether anyone was culpable", "we will not seek to establish whether any agency was at fault". The review
# (or "we", "it") must be the one not deciding, and only the subject of the question may stand between (no
# verb, no clause break), so a practitioner's omission stays a finding: "the social worker did not establish
# whether the mother failed to attend".
_NOT_DECIDING = prefiltered(
    r"(?:\b(?:reviews?|panel|report|inquiry|enquiry|process|meeting|we|it|this|authors?|reviewers?|partnership|"
    r"board|SARs?|CSPRs?|DHRs?|SCRs?)\s+(?:(?:itself|also|therefore|however|formally|specifically)\s+)?"
    r"(?:(?:will|would|does|do|did|shall|can|could|should|is|are|may|must)\s+(?:not|never)|cannot|can['’]t|"
    r"won['’]t|doesn['’]t|don['’]t|didn['’]t|wouldn['’]t|shan['’]t)"
    r"|\bnor\s+(?:will|would|does|do|did|can|shall|is|are)\s+(?:it|we|this|the\s+\w+))\s+"
    r"(?:(?:be\s+)?\w+ly\s+)?(?:(?:seek|seeking|try|trying|attempt|attempting|aim|aiming|set out|intend|be able|"
    r"be asked)\s+to\s+)?(?:be\s+)?"
    r"(?:(?:decid|determin|establish|consider|judg|assess|examin|explor|investigat|conclud|apportion)\w*|"
    r"find|say|ask|rule on|comment on|look at|make (?:any )?(?:findings?|judge?ments?) (?:on|about|as to))\s+"
    r"(?:on\s+|about\s+|as to\s+)?(?:whether|who)"
    r"(?:\s+(?!(?:was|were|is|are|had|has|have|did|does|do|and|but|then|so|because)\b)[^\s,;:.]+){0,5}\s+$",
    re.IGNORECASE,
)
# A just culture definition names the acts culpability is kept for: "held to account only for reckless or
# malicious acts" defines the framework, it does not grade anyone's work.
_ONLY_FOR = prefiltered(
    r"\b(?:(?:only|solely|except)\s+(?:for|where|when|if|in cases? of|in the case of)|unless)\s+(?:\S+\s+){0,4}$",
    re.IGNORECASE,
)
# ... or says it after the words: "staff are held to account only where an act was reckless"
_ONLY_AFTER = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:only|solely)\s+(?:for|where|when|if|in)\b", re.IGNORECASE)
# "Nobody" and "no one" negate only what follows them closely ("no one was to blame"): further back they are
# often the complaint itself ("why no one has been struck off over the failings").
_NEAR_NEGATION = prefiltered(r"\b(not|never|no|nor|neither|nobody|no one|no-one)\b(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
_EQUIPMENT = prefiltered(
    r"\b(system|systems|software|alarm|alarms|equipment|server|database|device|devices|phone|phones|telephone|"
    r"computer|computers|(?-i:IT)|printer|portal|link|network|email|e-mail|fax|machine|pump|monitor|camera|app|"
    r"application|platform|record system|records system|interface|scanner|tool|tools|process|processes|"
    r"system's|systems'|"
    # the body's organs fail too: "died from multiple organ failure caused by", "her kidneys failed to recover"
    r"organ|organs|kidney|kidneys|renal|liver|hepatic|respiratory|lung|lungs|cardiac)\b\W*(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
# ... or named after the failure, from the match's start: "failures of the alarm system", "the failure of the
# records system to send the alert". A bare "system" or "process" is as often the organisation's ("failures in
# our child protection system" is a verdict), so it counts only with a word saying it is a machine's. Not a
# person, team or department named by the machine ("failures of the IT team", "of the IT department", "of the
# alarm system engineer"), nor a list that goes on to people ("failures of the alarm system, the police and the
# council").
_FAILED_EQUIPMENT = re.compile(
    r"(?:[\w-]+\s+){0,3}?(?:failures?|failings?|errors?|faults?|malfunctions?|breakdowns?)\s+(?:of|by|in|within)\s+"
    r"(?:(?:the|its|their|an?|our|this|that|his|her)\s+)?(?:[\w'’-]+\s+){0,2}?"
    # atomic, so "alarm" is never read alone where "alarm system, the police" goes on to a list
    r"(?>(?:software|alarms?|equipment|servers?|databases?|devices?|phones?|telephones?|computers?|(?-i:IT)|"
    r"printers?|portals?|e-?mails?|fax|machines?|pumps?|monitors?|cameras?|apps?|interfaces?|scanners?)"
    r"(?:\s+(?:systems?|lines?|process|links?|networks?|platforms?|tools?|applications?|units?))?|"
    r"(?:records?|recording|computeri[sz]ed|electronic|booking|alert|alerting|paging|messaging|CCTV|call|fire|"
    r"security|digital|online)\s+(?:systems?|process|links?|networks?|platforms?|tools?|applications?))\b"
    # the machine ends its noun phrase: the sentence goes on with a verb or a linking word, or stops; any other
    # word makes the machine a modifier of whoever is named ("the IT department", "the alarm system engineer")
    r"(?=\s*(?:[.;:!?)]|$)|\s+(?:to|meant|means|caused|causes|led|leads|delayed|delays|resulted|results|was|were|"
    r"is|are|had|has|have|prevented|prevents|stopped|stops|left|leaves|that|which|when|where|while|in|at|on|"
    r"during|for|from|with|after|before|between|over|could|would|did|may|might|also|again|contributed|"
    r"contributes|put|went|meant)\b)",
    re.IGNORECASE,
)
_SYSTEM_NOUNS = (
    r"number|numbers|staffing|resource|resources|resourcing|capacity|funding|budget|budgets|system|systems|"
    r"tool|tools|equipment|(?-i:IT)|guidance|procedure|procedures|policy|policies|protocol|protocols|caseload|"
    r"caseloads|workload|workloads|time|provision|training|supervision arrangements|arrangements|"
    r"infrastructure|information systems|records system|software|levels|cover|handover|pathway|pathways|"
    r"oversight|governance|management oversight|senior management|leadership oversight|"
    r"commissioning|premises|facilities|accommodation|interpreting|interpreters|housing|mechanisms|signal|"
    r"connectivity|broadband|transport|lighting|structure|structures"
)
# After the adjective only: "poor health" describes a person's circumstances, but "health visitor's work
# was poor" is about a practitioner.
_CIRCUMSTANCE_NOUNS = (
    r"outcome|outcomes|health|conditions|circumstances|living conditions|hygiene|self-care|self care|diet|"
    r"nutrition|attendance|mobility|eyesight|hearing|memory|housing conditions|home conditions|condition|state"
)
# Descriptions of the person or their home, before the adjective: "her self-care and hygiene were poor".
_PERSON_BEFORE = prefiltered(
    # "health", but not the health visitor's or health service's work
    r"\b(?:hygiene|self-care|self care|diet|nutrition|health(?!\s+(?:visit|service|staff|professional))|home|house|"
    r"flat|bedroom|living conditions|conditions|"
    r"attendance|mobility|eyesight|hearing|memory|weight|growth|speech|development|finances)\b"
    r"(?:\s+\S+){0,4}\s+(?:was|were|is|are|remained|seemed|became|looked)"
    r"(?:\s+(?:very|so|extremely|particularly|often|usually|generally|quite|really))?\s*$",
    re.IGNORECASE,
)
# A grade an inspectorate gave: a fact about the grade, not the author's judgement.
_GRADE_BEFORE = prefiltered(
    r"\b(?:rated|graded|judged|evaluated|assessed|found to be|deemed|rating of|grade of|as)\s+(?:as\s+)?['\"‘“]?\s*$",
    re.IGNORECASE,
)
_GRADE_AFTER = re.compile(
    r"^['\"’”]?\s*(?:by\s+(?:the\s+)?(?:Ofsted|CQC|HMICFRS|HMI\w*|inspectors?|the inspectorate|Estyn|"
    r"Care Inspectorate)|ratings?|grades?|overall|"
    # "a series of poor Ofsted reports": the inspectorate's verdict, reported
    r"(?:Ofsted|CQC|HMICFRS|Estyn|inspection)\s+(?:reports?|ratings?|grades?|judgements?|verdicts?))\b",
    re.IGNORECASE,
)
_RATED = re.compile(r"\b(?:rated|graded|rating|grade)\b", re.IGNORECASE)
# The inspectorates' grade itself, given a few words after the grading verb: "inspectors rated the council's
# services inadequate", "the panel assessed it as inadequate", "judged over a third of them (31) inadequate",
# "rated Surrey County Council's support for vulnerable children as inadequate", "downgraded maternity services
# at the trust to 'inadequate'".
_GRADE_WORD = re.compile(r"inadequate|requires improvement|outstanding", re.IGNORECASE)
_GRADED_BEFORE = prefiltered(
    r"\b(?:rated|graded|judged|evaluated|assessed|deemed|downgraded|upgraded|rerated|re-rated)\b"
    r"(?:\s+(?!and\b|but\b|because\b)[^\s,;.]+){0,8}?(?:\s+as|\s+to)?\s+['\"‘“]?\s*$",
    re.IGNORECASE,
)
# Practice spoken of in general, as the systems view does: "what lies behind both good and poor practice",
# "what makes poor practice more likely"; or the label as the subject of how it comes about, "poor care does
# not arise in a vacuum": each explains the system, it does not grade anyone's work.
_GENERAL_BEFORE = prefiltered(r"\b(?:good|better|best)\s+(?:and|or|versus|vs\.?)\s*$", re.IGNORECASE)
_GENERAL_AFTER = re.compile(
    r"^\s+\S+\s+(?:more|less) likely\b"
    r"|^\s*(?:[\w-]+\s+){0,2}?(?:(?:does|do) not |doesn't |don't |can |may |often |rarely |seldom |never |tends? to )?"
    r"(?:arise|arises|occur|occurs|happen|happens|grow|grows|develop|develops|emerge|emerges|stem|stems|"
    r"flourish|flourishes|thrive|thrives|is rarely|are rarely|is seldom|are seldom)\b",
    re.IGNORECASE,
)
# "Poorly" meaning unwell: "the child seemed poorly", "she was feeling poorly."
_UNWELL_BEFORE = prefiltered(
    r"\b(?:seemed|seems|looked|looks|felt|feels|feeling|became|become|was|is|been|were|are)"
    r"(?:\s+(?:very|quite|so|a bit))?\s*$",
    re.IGNORECASE,
)
_UNWELL_AFTER = re.compile(r"^\s*(?:[.,;:!?)]|$|and\b|with\b|at\b|in\b|for\b)", re.IGNORECASE)
# The harm itself, straight after the word: "appalling abuse", "a truly appalling case", "the shocking scale of
# exploitation" describe what was done to the child or adult, not anyone's practice. So do the words of its
# telling: "a shocking report", "shocking footage", "a shocking documentary".
_HARM_AFTER = re.compile(
    r"^\s+(?:abuse|case|cases|crime|crimes|killing|killings|murder|cruelty|ordeal|suffering|injuries|scale|extent|"
    r"death|deaths|attack|attacks|assault|assaults|violence|exploitation|"
    r"report|reports|footage|documentary|documentaries|film|programme|images|pictures|revelations|story|stories)\b",
    re.IGNORECASE,
)
# The harm itself, before the word: "killings linked to domestic abuse are appalling".
_HARM_BEFORE = prefiltered(
    r"\b(?:killings?|abuse|deaths?|crimes?|cruelty|murders?|violence)\b(?:\s+\S+){0,4}\s+(?:is|are|was|were)"
    r"(?:\s+(?:always|so|truly|simply|deeply|particularly))?\s*$",
    re.IGNORECASE,
)
# "Should have" meaning possess, looking forward: "reviews should have a stronger focus on neglect". No
# past participle ends in "s", so a word that does after "have" is a thing had ("staff should have alerts on
# the system", "babies should not have bruises"), bar the adverbs that can stand before a participle.
_POSSESS_AFTER = re.compile(
    r"^\s+(?:(?:a|an|more|greater|stronger|clearer|better|access|regular|the (?:power|right|opportunity|"
    r"capacity|chance|means|support|training))\b|(?!(?:perhaps|always|sometimes|thus|nevertheless|afterwards|"
    r"besides|regardless|unless|as|this|is|was|has|his|us)\b)[a-z][a-z'-]*s\b)"
    # nor is the life a child was owed, or the sentence a killer was: "a boy who should have had his whole life
    # ahead of him", "his killers should have received harsher sentences", "they should have had a lot longer"
    r"|^\s+had\s+(?:his|her|their)\s+(?:whole\s+)?(?:life|lives|future)\b"
    r"|^\s+(?:had|received|got|been\s+given)\s+(?:a\s+)?(?:lot\s+)?(?:longer|harsher|tougher|heavier|stiffer)\b",
    re.IGNORECASE,
)
# Only a match that ends on "have" can be "should have" meaning possess: "no action was taken, a further
# referral ..." is not.
_HAVE_AT_END = re.compile(r"\bhave$", re.IGNORECASE)
_SYSTEM_AFTER = prefiltered(rf"^\W*(?:\S+\s+){{0,2}}(?:{_SYSTEM_NOUNS}|{_CIRCUMSTANCE_NOUNS})\b", re.IGNORECASE)
_SYSTEM_BEFORE = prefiltered(
    rf"\b(?:{_SYSTEM_NOUNS})\b(?:\s+\S+){{0,3}}\s+(?:was|were|is|are|remained|seemed)\s*$", re.IGNORECASE
)
_MANNER_AFTER = re.compile(
    r"^\s*(explain\w*|stat\w*|set out|sets out|written|wrote|communicat\w*|describ\w*|record\w*|document\w*|"
    r"label\w*|signpost\w*|defin\w*|present\w*|laid out|articulat\w*|express\w*|understood|agreed|visible|"
    r"marked|identif\w*|and|as|to)\b",
    re.IGNORECASE,
)
# "more clearly", and "say plainly": how something is or should be said, not what was plain at the time
_MORE_BEFORE = prefiltered(
    r"\b(more|less|very|most|not|say|says|said|state|states|stated|explain|explains|explained|tell|tells|told|"
    r"write|writes|wrote|written|speak|speaks|spoke|set out|sets out)\s*$",
    re.IGNORECASE,
)
_REPORTED_SPEECH = prefiltered(
    # "was told" is someone being informed: what follows is not their words
    r"\b(said|says|(?<!was )(?<!were )(?<!been )(?<!is )(?<!are )told|stated|states|reported|reports|explained|"
    r"commented|remarked|wrote|described|felt|asked|questioned|queried|wondered|"
    r"believed|alleged|claimed|complained|according to)\b(?:\s+(?:that|us|the review|the panel|the author))?",
    re.IGNORECASE,
)
# Learning that is missing, not a purpose: "practitioners seem not to learn", "failing to learn fast enough",
# "lessons were not being spread"; or improvement demanded of someone else: "we told the operator to improve".
_LEARNING_WORD = re.compile(r"learn|lesson|improv", re.IGNORECASE)
_NOT_LEARNING_BEFORE = prefiltered(
    r"\b(?:fail\w*|not|never|unwilling|unable|refus\w*|reluctant)\s+"
    r"(?:(?:to|seem to|seems to|appear to|properly|effectively|really|always|yet|even|being|been)\s+){0,2}$",
    re.IGNORECASE,
)
_NOT_LEARNING_AFTER = re.compile(
    r"^\s*(?:\S+\s+){0,5}?(?:were|was|are|is|have|has|had)\s+not\s+(?:being\s+|been\s+)?"
    r"(?:learn\w*|spread|shared|drawn|acted|applied|implemented|heeded|embedded)\b"
    # the chance to learn lost: "opportunities for the trust to learn and improve were missed"
    r"|^\s*(?:\S+\s+){0,3}?(?:were|was|had\s+been|have\s+been)\s+(?:repeatedly\s+)?(?:missed|lost|squandered|wasted)\b",
    re.IGNORECASE,
)
# ... or a failure to learn, said further back: "a failure by successive governments to learn life-saving lessons",
# "repeated failure to investigate incidents properly and learn lessons" (no clause break between)
_FAILED_TO_LEARN_BEFORE = prefiltered(
    # (not the purpose after the failings: "to understand safeguarding failures in order to learn lessons")
    r"\b(?:fail(?:ed|ure|ures|ing|s)?|inability|unable|unwilling|refus\w*|reluctan\w*)\s+"
    r"(?:(?!(?:in\s+order|so\s+as)\s+to\b)[^\s,;:.]+\s+){0,5}?"
    r"to\s+(?:[^\s,;:.]+\s+){0,5}?(?:(?:and|or)\s+)?(?:[^\s,;:.]+\s+)?$",
    re.IGNORECASE,
)
# "Learning" naming a need, not a purpose: "a service about learning disabilities", "learning difficulties".
_LEARNING_NEED_AFTER = re.compile(r"^\s+(?:disabilit|difficult|disabled)", re.IGNORECASE)
# "Learn" meaning find out: "it hurts all the more to learn that there were chances to prevent it".
_FIND_OUT_AFTER = re.compile(r"^\s+(?:that|of)\b", re.IGNORECASE)
_DEMANDED_BEFORE = prefiltered(
    r"\b(?:told|tells|ordered|orders|urged|urges|calling on|called on|calls on|call on|calling for|called for|"
    r"calls for)\s+(?:\S+\s+){0,6}$",
    re.IGNORECASE,
)
# A straight single quote opens a quotation only where no letter or digit stands before it (so not the
# apostrophe of "parents'"), and closes one where no letter follows (so not the apostrophe of "child's").
# That test is written after the quote ("'(?<![A-Za-z0-9]')", the same condition), so that every
# alternative starts with a quote character and the search skips straight to them: four times faster.
_QUOTE_PAIRS = re.compile(
    r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|‘[^’\n]{1,2000}’(?![A-Za-z])|'(?<![A-Za-z0-9]')[^'\n]{1,2000}?'(?![A-Za-z])"
)


class Context:
    """Sentence boundaries and quoted spans of one text, found once and looked up by bisection."""

    def __init__(self, text: str, sentence_ends: list[int], offsets: OffsetMap):
        """``sentence_ends`` come from the matcher's scan, in order, in the offsets ``offsets`` converts."""
        self.text = text
        self._sentence_ends = sentence_ends
        self._offsets = offsets
        # where each sentence starts, in characters: converted all at once when first needed, which costs far
        # less than converting them one by one
        self._starts: list[int] | None = None
        self._last: tuple[RawMatch | None, tuple[int, int]] = (None, (0, 0))
        # the quotations of each line read so far, by the line's start: findings crowd onto the same lines
        self._quotations: dict[int, list[tuple[int, int]]] = {}

    def to_byte(self, offset: int) -> int:
        """A character offset in the scan's own offsets."""
        return self._offsets.to_byte(offset)

    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, in characters, in order: 0 and each sentence end."""
        if self._starts is None:
            self._starts = [0, *self._offsets.many_to_char(self._sentence_ends)]
        return self._starts

    def sentence_spans(self) -> list[tuple[int, int]]:
        """Every sentence's span in characters, the last running to the end of the text."""
        starts = self.sentence_starts()
        return list(zip(starts, [*starts[1:], len(self.text)], strict=True))

    def sentence(self, match: RawMatch) -> tuple[int, int]:
        """The span, in characters, of the sentence holding the match."""
        if self._last[0] is match:
            return self._last[1]
        span = self._sentence_span(match)
        self._last = (match, span)
        return span

    def _sentence_span(self, match: RawMatch) -> tuple[int, int]:
        # Character offsets keep the order of the scan's offsets, so the match's characters find its sentence.
        starts = self.sentence_starts()
        index = bisect_right(starts, match.start) - 1
        sentence_start = starts[index]
        sentence_end = starts[index + 1] if index + 1 < len(starts) else None
        while sentence_end is not None and sentence_end < match.end:  # across a boundary: keep both
            index += 1
            sentence_end = starts[index + 1] if index + 1 < len(starts) else None
        return sentence_start, len(self.text) if sentence_end is None else max(sentence_end, match.end)

    def quoted(self, match: RawMatch, reported: bool = True) -> bool:
        """Whether the match lies inside quotation marks, or (unless ``reported`` is False) in reported
        speech, in its sentence."""
        # Quotations never run across a line break (see _QUOTE_PAIRS), so only the match's line is read.
        text, start, end = self.text, match.start, match.end
        line_start = text.rfind("\n", 0, start) + 1
        pairs = self._quotations.get(line_start)
        if pairs is None:
            line_end = text.find("\n", start)
            pairs = [p.span() for p in _QUOTE_PAIRS.finditer(text, line_start, len(text) if line_end < 0 else line_end)]
            self._quotations[line_start] = pairs
        for pair_start, pair_end in pairs:
            if pair_start < start and end <= pair_end:
                return True
            if pair_start >= start:
                break
        if not reported:
            return False
        sentence_start, _ = self.sentence(match)
        return bool(_REPORTED_SPEECH.search(self.text, sentence_start, start))

    def excepted(self, exceptions: tuple[Exception_, ...], match: RawMatch) -> bool:
        """Whether one of the rule's exceptions applies to the match."""
        if not exceptions:
            return False
        start, end = match.start, match.end
        sentence_start, sentence_end = self.sentence(match)
        # The exceptions read a few words either side; long sentences are cut to keep each check small.
        before = self.text[max(sentence_start, start - 160) : start]
        after = self.text[end : min(sentence_end, end + 80)]
        for exception in exceptions:
            if exception is Exception_.RECOMMENDATION and (
                _MODAL.search(before) or _HAVE_AT_END.search(self.text, start, end) and _POSSESS_AFTER.search(after)
            ):
                return True
            if exception is Exception_.NEGATION and (
                _NEGATION_FRAME.search(before)
                or _NEAR_NEGATION.search(before)
                or _NOT_DECIDING.search(before)
                or _ONLY_FOR.search(before[-60:])
                or _ONLY_AFTER.search(after)
                or _OUTCOME_VERDICT.search(self.text, start, end) is not None
                and _OPEN_QUESTION.search(before) is not None
            ):
                return True
            if exception is Exception_.EQUIPMENT and (
                _EQUIPMENT.search(before) or _FAILED_EQUIPMENT.match(self.text, start, min(sentence_end, end + 80))
            ):
                return True
            if exception is Exception_.SYSTEM_TARGET and (
                _SYSTEM_AFTER.search(after)
                or _SYSTEM_BEFORE.search(before)
                or _PERSON_BEFORE.search(before)
                or _GRADE_AFTER.search(after)
                or _GRADE_BEFORE.search(before[-40:]) is not None
                and _RATED.search(before[-40:]) is not None
                or _GRADE_WORD.fullmatch(self.text, start, end) is not None
                and _GRADED_BEFORE.search(before[-80:]) is not None
                or _HARM_AFTER.search(after) is not None
                or _HARM_BEFORE.search(before) is not None
                or _GENERAL_BEFORE.search(before) is not None
                or _GENERAL_AFTER.search(after) is not None
                or self.text[start:end].lower() == "poorly"
                and _UNWELL_BEFORE.search(before) is not None
                and _UNWELL_AFTER.search(after) is not None
            ):
                return True
            # the word after speaks of manner only when the match ends on the adverb ("clearly explained"), not
            # when it runs on to the fact called plain ("Obviously, the child needed to be seen")
            if exception is Exception_.MANNER and (
                _MANNER_AFTER.search(after) and self.text[end - 2 : end].lower() == "ly" or _MORE_BEFORE.search(before)
            ):
                return True
            if (
                exception is Exception_.NOT_LEARNING
                and _LEARNING_WORD.search(self.text, start, end) is not None
                and (
                    _NOT_LEARNING_BEFORE.search(before[-60:]) is not None
                    # read up to the match, or past its "to" where it starts with one ("to learn")
                    or _FAILED_TO_LEARN_BEFORE.search(
                        self.text,
                        max(sentence_start, start - 90),
                        start + 3 if self.text[start : start + 3].lower() == "to " else start,
                    )
                    is not None
                    or _NOT_LEARNING_AFTER.search(after) is not None
                    or _DEMANDED_BEFORE.search(before[-80:]) is not None
                    or self.text[end - 8 : end].lower() == "learning"
                    and _LEARNING_NEED_AFTER.search(after) is not None
                    or self.text[end - 5 : end].lower() == "learn"
                    and _FIND_OUT_AFTER.search(after) is not None
                )
            ):
                return True
        return False

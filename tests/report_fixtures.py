"""A realistic :class:`policylint.api.Report` built in code, for the HTML report tests.

``sample_report()`` returns five documents linted in one run:

- ``handbooks/clinic-handbook.docx`` (profile handbook; ``line`` is the paragraph number):
  span findings in three sections, a missing bereavement provision (a document-level
  finding) and one suppressed finding;
- ``syllabi/practicum-syllabus.pdf`` (profile syllabus; ``page`` set): pre-licensure and
  rhetoric findings, plus a missing provision;
- ``policies/client-policy.md`` (profile client-policy): line/column findings;
- ``policies/remote-work.md``: no findings;
- ``policies/old-handbook.docx``: could not be read (``error`` set).

The rules are real :class:`~policylint.engine.model.Rule` objects parsed from
:data:`RULES_YAML`, so titles, ``why`` and references come from rule metadata. Span
findings have ``excerpt``/``match``/``start``/``end``/``sentence_start``/``sentence_end``
set consistently (``match == excerpt[start - sentence_start : end - sentence_start]``).

``hostile=True`` adds a finding whose sentence, match, section, message and rewrite
carry HTML/JS injection payloads (:data:`HOSTILE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from policylint.api import FileResult, Report
from policylint.config import Config
from policylint.engine.loader import RuleSet, parse_rules
from policylint.findings import Finding, Severity, fingerprint

CREATED = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
RULES_VERSION = "abc123"

#: injection payloads that must show as literal text in the report
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script><!--")

RULES_YAML = """\
rules:
  - id: grief-leave/no-bereavement-provision
    category: grief-leave
    severity: warning
    scope: document
    profiles: [handbook, syllabus]
    title: No bereavement leave provision
    message: The document does not mention bereavement or grief leave.
    why: >-
      Without a written bereavement provision, grieving clinicians negotiate time off one
      by one, and many return to client work before they can be present for clients.
    suggest:
      - >-
        Employees may take up to ten paid working days of bereavement leave per loss, and
        up to five more days for travel or estate matters. Documentation is not required.
    references:
      - Cal. Gov. Code §12945.7 (5 days per death)
      - Oregon Family Leave Act, ORS 659A.159(1)(e)
    match:
      absent:
        phrases: [bereavement, grief leave, funeral leave]

  - id: sick-leave/work-while-ill
    category: sick-leave
    severity: error
    title: Clinicians are expected to work while ill
    message: The clause expects clinicians to see clients while sick.
    why: >-
      Working while ill spreads infection to clients and colleagues, and it teaches
      clinicians that their own health comes last. Many states set a minimum of paid
      sick time that this clause undercuts.
    suggest:
      - >-
        Clinicians who are ill stay home. Paid sick leave covers the day, and the practice
        reschedules or reassigns clients; no one is expected to find their own cover.
      - Clinicians may switch a session to telehealth when they feel well enough to work.
    references:
      - Kaldjian et al. 2019, Antimicrob. Resist. Infect. Control, doi:10.1186/s13756-019-0602-7
      - Washington RCW 49.46.210 (paid sick leave)
    match:
      phrases: [unless you are hospitalized, expected to see clients when sick]

  - id: productivity/weekly-client-hours
    category: productivity
    severity: warning
    title: Weekly client-hour target above 25
    message: The clause sets a direct-service target above 25 hours a week.
    why: >-
      Weekly client hours are associated with emotional exhaustion. Clinicians who see
      more than about 25 clients a week have less left for each of them.
    suggest:
      - >-
        Full-time clinicians schedule about 20 to 24 client hours a week, with paid time
        for notes and supervision.
    references:
      - Franco 2023, Front. Psychol., doi:10.3389/fpsyg.2023.1229628
      - Kim et al. 2018, Prof. Psychol. Res. Pract., doi:10.1037/pro0000182
    match:
      phrases: [32 billable hours per week]

  - id: unpaid-work/unpaid-notes
    category: unpaid-work
    severity: warning
    title: Documentation time is unpaid
    message: Notes are to be written outside paid time.
    why: >-
      Unpaid documentation time turns a 40-hour job into a 50-hour one and lowers the
      real hourly pay without saying so.
    suggest:
      - Time spent on notes, treatment plans and care coordination is paid work time.
    references:
      - 29 CFR 785.11–.13 (work suffered or permitted)
    match:
      phrases: [on your own time]

  - id: availability/always-reachable
    category: availability
    severity: warning
    title: Clinicians must be reachable after hours
    message: The clause expects clinicians to answer messages outside working hours.
    why: >-
      Constant availability leaves no recovery time. Clients are better served by a
      clear after-hours crisis route than by a tired clinician checking a phone.
    suggest:
      - >-
        Clinicians answer messages during working hours. After hours, clients use the
        crisis line listed on the intake form.
    references:
      - 29 CFR 785.17 (restrictive on-call is work time)
    match:
      phrases: [available by phone at all times, respond within one hour]

  - id: pre-licensure/unpaid-practicum-hours
    category: pre-licensure
    severity: error
    profiles: [syllabus]
    title: Trainees carry a full caseload without pay or supervision time
    message: Trainees are asked to carry a full caseload without stipend.
    why: >-
      Pre-licensure clinicians are the least able to refuse. A full caseload without
      pay or protected supervision time teaches overwork as the price of entry.
    suggest:
      - >-
        Practicum students carry no more than 12 client hours a week, receive a stipend,
        and have one hour of individual supervision for every ten client hours.
    references:
      - CAMFT Statement on Paying Associates (2019)
    match:
      phrases: [full caseload]

  - id: martyr-language/calling-not-a-job
    category: martyr-language
    severity: info
    title: Self-sacrifice rhetoric
    message: The wording frames the work as a calling that justifies self-sacrifice.
    why: >-
      Describing therapy as a calling rather than a job makes asking for fair pay or
      rest sound like a lack of commitment.
    suggest:
      - Our clinicians do skilled, demanding work, and we plan workloads so that it lasts.
    references:
      - SimplePractice blog, How my grief journey guides my therapy practice
    match:
      phrases: [a calling, not a job, whatever it takes]
"""


def ruleset() -> RuleSet:
    return RuleSet(parse_rules(RULES_YAML, "test.yaml"), [], RULES_VERSION)


class _Doc:
    """Collects the findings of one document, numbering occurrences for fingerprints."""

    def __init__(self, rules: RuleSet, fmt: str) -> None:
        self.rules = rules
        self.fmt = fmt
        self.findings: list[Finding] = []
        self._seen: dict[tuple[str, str], int] = {}

    def span(
        self,
        rule_id: str,
        sentence: str,
        match: str,
        *,
        block: int,
        line: int,
        section: str | None,
        prefix: str = "",
        page: int | None = None,
        message: str | None = None,
        suggestions: tuple[str, ...] | None = None,
        severity: Severity | None = None,
        suppressed: bool = False,
        reason: str | None = None,
    ) -> Finding:
        """A span finding: ``sentence`` follows ``prefix`` in block ``block``'s text."""
        rule = self.rules.get(rule_id)
        assert rule is not None, rule_id
        sentence_start = len(prefix)
        sentence_end = sentence_start + len(sentence)
        start = sentence_start + sentence.index(match)
        end = start + len(match)
        # a .docx/.pdf block is one paragraph; the column counts from 1 in that paragraph
        column = start + 1
        key = (rule_id, sentence)
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        finding = Finding(
            rule=rule_id,
            category=rule.category,
            severity=severity or rule.severity,
            scope="span",
            title=rule.title,
            message=message or rule.message,
            excerpt=sentence,
            match=match,
            line=line,
            column=column,
            end_line=line,
            end_column=column + len(match),
            page=page,
            section=section,
            suggestions=suggestions if suggestions is not None else rule.suggest,
            fingerprint=fingerprint(rule_id, sentence, occurrence),
            suppressed=suppressed,
            suppression_reason=reason,
            block=block,
            start=start,
            end=end,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
        )
        self.findings.append(finding)
        return finding

    def missing(self, rule_id: str) -> Finding:
        rule = self.rules.get(rule_id)
        assert rule is not None, rule_id
        finding = Finding(
            rule=rule_id,
            category=rule.category,
            severity=rule.severity,
            scope="document",
            title=rule.title,
            message=rule.message,
            excerpt=None,
            match=None,
            line=None,
            column=None,
            end_line=None,
            end_column=None,
            page=None,
            section=None,
            suggestions=rule.suggest,
            fingerprint=fingerprint(rule_id, None, 0),
        )
        self.findings.append(finding)
        return finding

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.sort_key)


def _handbook(rules: RuleSet) -> FileResult:
    d = _Doc(rules, "docx")
    d.missing("grief-leave/no-bereavement-provision")
    d.span(
        "martyr-language/calling-not-a-job",
        "At Riverbend, counseling is a calling, not a job.",
        "a calling, not a job",
        block=3,
        line=4,
        section="Welcome",
        prefix="We are glad you are here. ",
    )
    d.span(
        "sick-leave/work-while-ill",
        "Clinicians are expected to see clients when sick unless you are hospitalized.",
        "unless you are hospitalized",
        block=14,
        line=15,
        section="Leave › Sick leave",
    )
    d.span(
        "productivity/weekly-client-hours",
        "Full-time clinicians must complete 32 billable hours per week.",
        "32 billable hours per week",
        block=21,
        line=22,
        section="Productivity",
        message='"32 billable hours per week" sets a direct-service target of about 32 hours '
        "a week, above the 25 hours at which exhaustion rises.",
    )
    d.span(
        "unpaid-work/unpaid-notes",
        "Progress notes that are not finished during the day are completed on your own time.",
        "on your own time",
        block=23,
        line=24,
        section="Productivity",
        prefix="Notes are due within 24 hours. ",
    )
    d.span(
        "availability/always-reachable",
        "Clinicians must be available by phone at all times for client emergencies.",
        "available by phone at all times",
        block=30,
        line=31,
        section="Communication › After hours",
    )
    d.span(
        "availability/always-reachable",
        "Staff respond within one hour to any message from the clinical director.",
        "respond within one hour",
        block=34,
        line=35,
        section="Communication › After hours",
        suppressed=True,
        reason="applies to on-call weeks only, which are paid",
    )
    return FileResult(
        "handbooks/clinic-handbook.docx", "docx", "handbook", words=4812, findings=d.sorted()
    )


def _syllabus(rules: RuleSet) -> FileResult:
    d = _Doc(rules, "pdf")
    d.missing("grief-leave/no-bereavement-provision")
    d.span(
        "pre-licensure/unpaid-practicum-hours",
        "By the second semester, students carry a full caseload at their placement.",
        "full caseload",
        block=40,
        line=12,
        page=3,
        section="Practicum requirements",
    )
    d.span(
        "martyr-language/calling-not-a-job",
        "Good therapists do whatever it takes for their clients.",
        "whatever it takes",
        block=58,
        line=7,
        page=5,
        section="Professional dispositions",
        prefix="Professionalism is assessed each term. ",
    )
    return FileResult(
        "syllabi/practicum-syllabus.pdf", "pdf", "syllabus", words=2210, findings=d.sorted()
    )


def _client_policy(rules: RuleSet, hostile: bool) -> FileResult:
    d = _Doc(rules, "md")
    d.span(
        "availability/always-reachable",
        "Your therapist will respond within one hour to texts, including evenings and weekends.",
        "respond within one hour",
        block=6,
        line=18,
        section="Contacting your therapist",
    )
    d.span(
        "martyr-language/calling-not-a-job",
        "Our therapists will do whatever it takes to be there for you.",
        "whatever it takes",
        block=7,
        line=20,
        section="Contacting your therapist",
        severity=Severity.INFO,
    )
    if hostile:
        payload = " ".join(HOSTILE)
        d.span(
            "martyr-language/calling-not-a-job",
            f"Staff give {payload} because this is a calling, not a job {HOSTILE[2]}.",
            "a calling, not a job",
            block=9,
            line=25,
            section=f"Values {HOSTILE[0]}",
            message=f"The clause says {HOSTILE[1]} and more.",
            suggestions=(f"Rewrite: {payload} is data, not code.",),
        )
        d.span(
            "availability/always-reachable",
            f"Reply {HOSTILE[0]} at all hours.",
            "Reply",
            block=10,
            line=27,
            section=f"Values {HOSTILE[0]}",
            suppressed=True,
            reason=f"legacy {HOSTILE[1]} text",
        )
    return FileResult(
        "policies/client-policy.md", "md", "client-policy", words=960, findings=d.sorted()
    )


def _no_findings() -> FileResult:
    return FileResult("policies/remote-work.md", "md", "handbook", words=640, findings=[])


def _error() -> FileResult:
    return FileResult(
        "policies/old-handbook.docx",
        "docx",
        "handbook",
        error="policies/old-handbook.docx: error: not a valid Word file (the zip archive is "
        "corrupt); open it in Word, save it again as .docx and re-run",
    )


def sample_report(
    *,
    hostile: bool = False,
    only: Iterable[str] | None = None,
    created: dt.datetime = CREATED,
) -> Report:
    """The sample run (see the module docstring). ``only`` keeps the files whose path
    contains one of the given strings, in the usual order."""
    rules = ruleset()
    files = [
        _handbook(rules),
        _syllabus(rules),
        _client_policy(rules, hostile),
        _no_findings(),
        _error(),
    ]
    if only is not None:
        wanted = list(only)
        files = [r for r in files if any(w in r.path for w in wanted)]
    return Report(files, rules, Config(), created=created)


def span_findings(report: Report) -> list[Finding]:
    """The findings that become cards: unsuppressed, span scope."""
    return [f for f in report.findings() if f.scope == "span"]

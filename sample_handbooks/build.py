"""Build the binary sample documents from the text kept in this file.

Run ``python sample_handbooks/build.py`` from anywhere. It writes, beside this file:

* ``riverbend-clinic-handbook.docx``: the Riverbend Counseling Collective employee
  handbook (python-docx), with a title, Heading 1/2 sections, numbered and bulleted
  lists, a leave table, a running header and a footer with a PAGE field;
* ``practicum-syllabus.pdf``: the Lakeside University COUN 6810 practicum syllabus
  (reportlab platypus), with a running header and a "Page x of y" footer.

Both are fictional and were written for policylint; ANSWERS.md lists the clauses
planted in them. The output is deterministic: the .docx gets fixed core-property dates
and fixed zip timestamps, and the PDF is written with reportlab's ``invariant`` mode,
so re-running the script with the same library versions gives identical bytes. The
timestamp is ``SOURCE_DATE_EPOCH`` when that is set, else :data:`DEFAULT_EPOCH`.

Needs python-docx and reportlab (reportlab is one of policylint's test dependencies:
``pip install -e '.[test]'``). This script deliberately imports nothing from ``tests/``.

Source text format (one block per line; a line that starts with whitespace continues
the block above it, blank lines are ignored)::

    = Title                 # Heading 1           ## Heading 2
    - bullet item           1. numbered item      (numbering restarts per list)
    | cell | cell | cell    (table rows; the first row is the header)
    ~ centred note          (PDF only: the course details under the title)
    anything else           a body paragraph
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DOCX_PATH = HERE / "riverbend-clinic-handbook.docx"
PDF_PATH = HERE / "practicum-syllabus.pdf"

#: 2025-11-03 09:00:00 UTC, used when SOURCE_DATE_EPOCH is not set
DEFAULT_EPOCH = 1762160400

HANDBOOK_HEADER = "Riverbend Counseling Collective — Employee Handbook"
SYLLABUS_HEADER = "Lakeside University · COUN 6810 Practicum in Clinical Mental Health Counseling"
SYLLABUS_FOOTER = "Page {page} of {pages}"


# --------------------------------------------------------------------------- parsing


@dataclass
class Item:
    """One block of source text: ``kind`` is title, h1, h2, bullet, number, table,
    note or paragraph; ``rows`` holds the cells of a table."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("title", re.compile(r"= (.*)")),
    ("h2", re.compile(r"## (.*)")),
    ("h1", re.compile(r"# (.*)")),
    ("bullet", re.compile(r"- (.*)")),
    ("number", re.compile(r"\d+\. (.*)")),
    ("row", re.compile(r"\| (.*)")),
    ("note", re.compile(r"~ (.*)")),
]


def parse(source: str) -> list[Item]:
    """Split the source text into :class:`Item` blocks (see the module docstring)."""
    lines: list[str] = []
    for raw in source.splitlines():
        if not raw.strip():
            continue
        if raw[0].isspace():
            if not lines:
                raise ValueError(f"continuation line with nothing to continue: {raw!r}")
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    items: list[Item] = []
    for line in lines:
        for kind, pattern in _MARKERS:
            m = pattern.fullmatch(line)
            if m is None:
                continue
            if kind == "row":
                cells = [c.strip() for c in m.group(1).split("|")]
                if items and items[-1].kind == "table":
                    items[-1].rows.append(cells)
                else:
                    items.append(Item("table", rows=[cells]))
            else:
                items.append(Item(kind, m.group(1)))
            break
        else:
            items.append(Item("paragraph", line))
    return items


def word_count(items: list[Item]) -> int:
    """Words of prose (list labels are not counted, as policylint does not)."""
    words = 0
    for item in items:
        words += len(item.text.split())
        words += sum(len(cell.split()) for row in item.rows for cell in row)
    return words


def build_timestamp() -> datetime:
    """SOURCE_DATE_EPOCH (reproducible-builds convention) or :data:`DEFAULT_EPOCH`."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = int(raw) if raw.isdigit() else DEFAULT_EPOCH
    # zip timestamps cannot go before 1980
    epoch = max(epoch, 315532800)
    return datetime.fromtimestamp(epoch, tz=UTC)


# ------------------------------------------------------------------------------ docx


def _oxml(xml: str) -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    head, sep, rest = xml.partition(">")
    if head.endswith("/"):
        head, sep = head[:-1], "/>"
    return parse_xml(f"{head} {nsdecls('w')}{sep}{rest}")


def _list_number_abstract(document: Any) -> int:
    """The abstractNum id behind the template's "List Number" style."""
    from docx.oxml.ns import qn

    num_pr = document.styles["List Number"].element.pPr.numPr
    num_id = num_pr.numId.val
    numbering = document.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    raise LookupError("the template's List Number style has no numbering definition")


def _restarted_list(document: Any, abstract_id: int, num_id: int) -> int:
    """A new numbering instance of ``abstract_id`` that starts again at 1."""
    document.part.numbering_part.element.append(
        _oxml(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    return num_id


def _page_field_runs(paragraph: Any) -> None:
    """Append a PAGE field (begin / instruction / separate / cached result / end), the
    form Word itself writes, to ``paragraph``."""
    paragraph._p.append(_oxml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(_oxml('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    paragraph._p.append(_oxml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    paragraph._p.append(_oxml("<w:r><w:t>1</w:t></w:r>"))
    paragraph._p.append(_oxml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))


def build_docx(items: list[Item], path: Path, stamp: datetime) -> Path:
    """Write the handbook ``items`` to ``path`` as a .docx."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    # the template's thumbnail shows an empty page: leave it out of the package
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del package.rels[r_id]
    abstract_id = _list_number_abstract(document)
    next_num_id = 101
    current_num: int | None = None
    title = ""
    for item in items:
        if item.kind != "number":
            current_num = None
        if item.kind == "title":
            title = item.text
            document.add_heading(item.text, level=0)
        elif item.kind in ("h1", "h2"):
            document.add_heading(item.text, level=1 if item.kind == "h1" else 2)
        elif item.kind == "bullet":
            document.add_paragraph(item.text, style="List Bullet")
        elif item.kind == "number":
            if current_num is None:
                current_num = _restarted_list(document, abstract_id, next_num_id)
                next_num_id += 1
            paragraph = document.add_paragraph(item.text, style="List Number")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = current_num
        elif item.kind == "table":
            header = item.rows[0]
            table = document.add_table(rows=0, cols=len(header))
            table.style = document.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, cells in enumerate(item.rows):
                if len(cells) != len(header):
                    raise ValueError(f"table row has {len(cells)} cells, expected {len(header)}")
                row = table.add_row()
                for cell, text in zip(row.cells, cells, strict=True):
                    run = cell.paragraphs[0].add_run(text)
                    run.bold = r == 0
                    run.font.size = Pt(9.5)
        elif item.kind == "paragraph":
            document.add_paragraph(item.text)
        else:
            raise ValueError(f"{item.kind!r} blocks are not used in the handbook")

    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = HANDBOOK_HEADER
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _page_field_runs(footer)

    naive = stamp.replace(tzinfo=None)
    props = document.core_properties
    props.title = title
    props.subject = "Sample employee handbook (fictional) for policylint"
    props.author = "policylint sample_handbooks/build.py"
    props.last_modified_by = "policylint sample_handbooks/build.py"
    props.keywords = "policylint; sample; fictional; employee handbook"
    props.comments = (
        "Fictional document written for policylint. Riverbend Counseling Collective "
        "does not exist; see sample_handbooks/ANSWERS.md."
    )
    props.category = "Sample document"
    props.revision = 1
    props.created = naive
    props.modified = naive
    props.last_printed = naive

    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_normalise_zip(buffer.getvalue(), stamp))
    return path


def _normalise_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip package with one fixed timestamp and fixed permissions on every
    member (python-docx stamps members with the current time)."""
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 3
            target.writestr(member, source.read(info.filename), compresslevel=9)
    return out.getvalue()


# ------------------------------------------------------------------------------- pdf

PDF_BODY_SIZE = 10.5


def _pdf_markup(text: str) -> str:
    return escape(text)


def _running_canvas(header: str, footer: str, stamp: datetime) -> type:
    """A canvas class that draws the running header and a "Page x of y" footer once
    the page count is known (the usual two-pass reportlab recipe)."""
    from reportlab.lib.units import inch
    from reportlab.pdfgen import canvas

    margin = inch

    class RunningCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            # the document dates come from the build timestamp, not the clock
            self.setDateFormatter(lambda *_: stamp.strftime("D:%Y%m%d%H%M%S+00'00'"))

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_running(pages)
                super().showPage()
            super().save()

        def _draw_running(self, pages: int) -> None:
            width, height = self._pagesize
            page = self._pageNumber
            self.saveState()
            self.setFont("Helvetica", 8.5)
            self.setFillGray(0.35)
            self.drawString(margin, height - margin * 0.6, header)
            self.setStrokeGray(0.6)
            self.setLineWidth(0.5)
            self.line(margin, height - margin * 0.66, width - margin, height - margin * 0.66)
            self.drawCentredString(width / 2, margin * 0.5, footer.format(page=page, pages=pages))
            self.restoreState()

    return RunningCanvas


def build_pdf(items: list[Item], path: Path, stamp: datetime) -> Path:
    """Write the syllabus ``items`` to ``path`` as a PDF."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    size = PDF_BODY_SIZE
    body = ParagraphStyle(
        "body",
        fontName="Helvetica",
        fontSize=size,
        leading=size * 1.3,
        spaceAfter=size * 0.7,
        alignment=TA_JUSTIFY,
    )
    styles = {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=17,
            leading=21,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        "note": ParagraphStyle(
            "note", parent=body, fontSize=9.5, leading=12, alignment=TA_CENTER, spaceAfter=2
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=8,
            spaceAfter=5,
            alignment=0,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=size + 1,
            leading=(size + 1) * 1.25,
            spaceBefore=5,
            spaceAfter=3,
            alignment=0,
            keepWithNext=1,
        ),
        "paragraph": body,
        "item": ParagraphStyle(
            "item", parent=body, leftIndent=24, bulletIndent=10, spaceAfter=size * 0.35
        ),
    }
    story: list[Any] = []
    number = 0
    title = ""
    for index, item in enumerate(items):
        if item.kind != "number":
            number = 0
        if item.kind == "title":
            title = item.text
        if item.kind == "number":
            number += 1
            story.append(Paragraph(_pdf_markup(item.text), styles["item"], bulletText=f"{number}."))
        elif item.kind == "bullet":
            story.append(Paragraph(_pdf_markup(item.text), styles["item"], bulletText="•"))
        elif item.kind in styles:
            story.append(Paragraph(_pdf_markup(item.text), styles[item.kind]))
        else:
            raise ValueError(f"{item.kind!r} blocks are not used in the syllabus")
        if item.kind == "note" and index + 1 < len(items) and items[index + 1].kind != "note":
            story.append(Spacer(1, 10))  # space between the course details and section 1
    doc = SimpleDocTemplate(
        str(path),
        pagesize=LETTER,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=title,
        author="policylint sample_handbooks/build.py",
        subject="Sample practicum syllabus (fictional) for policylint",
        creator="policylint sample_handbooks/build.py",
        invariant=1,
    )
    doc.build(story, canvasmaker=_running_canvas(SYLLABUS_HEADER, SYLLABUS_FOOTER, stamp))
    return path


# ------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    del argv
    stamp = build_timestamp()
    handbook = parse(RIVERBEND_HANDBOOK)
    syllabus = parse(PRACTICUM_SYLLABUS)
    build_docx(handbook, DOCX_PATH, stamp)
    build_pdf(syllabus, PDF_PATH, stamp)
    for path, items in ((DOCX_PATH, handbook), (PDF_PATH, syllabus)):
        print(f"wrote {path.relative_to(HERE.parent)} ({word_count(items)} words)")
    return 0


# ------------------------------------------------------------------------------ text

#: the Riverbend Counseling Collective employee handbook (fictional; see ANSWERS.md)
RIVERBEND_HANDBOOK = """
= Riverbend Counseling Collective Employee Handbook
Effective January 1, 2026. This handbook applies to every employee, associate and trainee of
    Riverbend Counseling Collective and replaces all earlier editions, memos and verbal guidance
    on the topics it covers.
# Welcome and Mission
Welcome to Riverbend Counseling Collective. We began as three therapists sharing one waiting
    room above a bakery on Alder Street. Today we are a collective of more than thirty
    clinicians, support staff and trainees who serve individuals, couples and families across
    the valley, in person and by telehealth. We are glad you have joined us.
Our mission is to make skilled, compassionate mental health care available to anyone who walks
    through our door, whatever their income or insurance. We ask everyone on the team to carry
    four values into their work:
- Compassion: we treat clients and colleagues with dignity and patience.
- Access: we keep our fees within reach and accept most major insurance plans.
- Integrity: we practice ethically, document honestly and keep our promises.
- Collaboration: we consult one another and share what we learn.
Riverbend is not an ordinary workplace. For us, therapy is a calling rather than a job, and the
    clinicians who flourish here are the ones who give generously of themselves without counting
    the cost.
Our clients come first: ahead of paperwork, ahead of the lunch hour and, when a family is in
    crisis, ahead of our own plans for the evening.
This handbook explains how we work together. It is not a contract of employment, and Riverbend
    may revise any policy with thirty days' written notice. Where a policy conflicts with
    federal, state or local law, the law controls. Questions about anything in this handbook
    should go to the Operations Manager.
# Employment Basics
## Equal Employment Opportunity
Riverbend Counseling Collective is an equal opportunity employer. Employment decisions are made
    without regard to race, color, religion, sex, sexual orientation, gender identity, national
    origin, age, disability, genetic information, veteran status or any other characteristic
    protected by law. Reasonable accommodations are available to qualified applicants and
    employees with disabilities; contact the Operations Manager to begin the interactive
    process.
Harassment of any kind, including harassment by clients, vendors or visitors, is not tolerated.
    Report concerns to your supervisor, the Operations Manager or the Clinical Director.
    Riverbend prohibits retaliation against anyone who raises a concern in good faith or takes
    part in an investigation.
## Employment Categories
Each position is assigned to one of the following categories in the offer letter:
1. Full-time salaried clinicians are scheduled for forty (40) hours per week and are eligible
    for all benefits described in this handbook.
2. Part-time clinicians are scheduled for fewer than thirty hours per week and accrue paid time
    off in proportion to their hours.
3. Fee-for-service clinicians are paid for each completed session and set their availability
    with the Clinical Director.
4. Administrative staff are non-exempt hourly employees and receive overtime pay for hours
    worked beyond forty in a workweek.
Licensed therapists and registered associates who are paid on a per-session basis are classified
    as exempt professionals and do not receive overtime pay.
## Introductory Period
The first ninety days of employment are an introductory period. During this time you and your
    supervisor will meet every two weeks to review your orientation checklist, your progress and
    any questions you have. Completing the introductory period does not change the at-will
    nature of employment.
## Licensure and Background Checks
Clinicians must hold a current license or registration in good standing with the state board and
    must tell the Clinical Director within two business days about any board complaint,
    disciplinary action or change in license status. Offers of employment depend on a
    satisfactory background check and verification of education and credentials.
## Performance Reviews
Supervisors meet with each employee for a written performance review at the end of the
    introductory period and every twelve months after that. Reviews cover clinical skill,
    documentation quality, teamwork and professional growth, and employees complete a
    self-assessment beforehand. Employees may add written comments to any review placed in their
    personnel file.
## Outside Employment
Clinicians may hold outside employment or a private practice of their own, provided that it does
    not conflict with their Riverbend schedule and that they do not solicit Riverbend clients.
    Let the Clinical Director know about any outside clinical work so that potential conflicts
    of interest can be discussed.
# Schedules and Productivity
## Office Hours
The Alder Street office is open from 8:00 a.m. to 8:00 p.m. Monday through Thursday, 8:00 a.m.
    to 5:00 p.m. on Friday, and 9:00 a.m. to 1:00 p.m. on Saturday. Clinicians agree a standing
    weekly schedule with the Clinical Director, taking into account client demand and room
    availability. Changes to a standing schedule need two weeks' notice so that the front desk
    can update the calendar and the room plan.
## Productivity Standard
Every full-time clinician is required to deliver thirty (30) billable client hours per week,
    which is 120 billable hours per month.
Only completed sessions are credited toward the standard; no-shows, late cancellations and
    sessions that cannot be billed to a payer do not count.
The monthly standard is identical in every month and is not reduced for paid holidays, PTO, sick
    days or required trainings.
Because some clients will not attend, clinicians should schedule at least two sessions a week
    beyond the standard to keep their numbers on track.
Productivity reports are posted to the EHR dashboard every Monday morning and are reviewed in
    monthly supervision.
A clinician who misses the standard in two consecutive months will be placed on a performance
    improvement plan, and a second plan within twelve months may lead to a reduction in the
    clinician's hourly rate or session fee.
## Meal and Rest Breaks
Non-exempt staff receive a paid ten-minute rest break for every four hours worked and an unpaid
    thirty-minute meal break on shifts longer than six hours, scheduled with their supervisor.
    Nursing employees are given reasonable break time and a private space, other than a
    restroom, to express milk.
# Caseloads and Referrals
## Intake and Assignment
New referrals are screened by the intake coordinator, who gathers insurance details, presenting
    concerns and scheduling preferences before an appointment is offered. The intake process
    runs as follows:
1. The client completes the online inquiry form or calls the front desk.
2. The intake coordinator verifies insurance benefits and explains the fee policy.
3. The coordinator matches the client with a clinician based on specialty, schedule and payer
    panel.
4. The assigned clinician accepts the referral in the EHR and confirms the first appointment.
Caseloads are not capped at Riverbend, and new referrals go to whichever clinician has open time
    on the calendar.
A therapist who is below the productivity standard may not turn down a new referral.
In practice, full-time therapists here carry between 45 and 55 active clients at any one time.
When a clinician leaves the practice, that clinician's clients are reassigned among the
    remaining staff, who are expected to take on the transfers in addition to their usual
    intakes.
## Referring Out
When a client needs a level of care or a specialty we do not offer, such as eating-disorder
    treatment, an intensive outpatient program or psychiatric medication management, the
    clinician arranges a referral with the client's consent and records it in the chart.
    Clinicians may decline to treat a presenting problem outside their scope of competence and
    should consult their supervisor when unsure.
# Documentation and the Electronic Health Record
## Timeliness and Quality
Riverbend uses a single electronic health record (EHR) for scheduling, documentation, billing
    and secure messaging. Every session is documented with a progress note that records the
    service provided, the client's presentation, the interventions used and the plan.
- Progress notes are completed and signed within 24 hours of the session.
- Treatment plans are written by the third session and reviewed every ninety days.
- Intake assessments are finalized within three business days.
- Discharge summaries are completed within two weeks of the last contact.
Documentation, treatment planning, care-coordination calls and letters to other providers are
    included in the session rate and are not compensated separately.
Attendance at the monthly all-staff meeting and the quarterly compliance training is mandatory,
    and fee-for-service clinicians are not paid for the time.
If a payer recoups a payment because a note was late, missing or incomplete, the full recouped
    amount shall be deducted from the responsible clinician's next paycheck.
## Chart Audits
The Compliance Coordinator audits a random sample of charts every quarter and shares the results
    with each clinician and supervisor. Audits are educational; recurring problems are addressed
    through supervision and additional training.
## EHR Access and Passwords
- Each user has an individual EHR login, and credentials are never shared.
- Passwords are at least twelve characters long and are changed every six months.
- Multi-factor authentication is required for all remote access.
- Lock your screen whenever you step away from your workstation.
## Records Retention
Clinical records for adult clients are kept for seven years after the last date of service, and
    records for minors are kept for seven years after the client turns eighteen, whichever is
    later. Records scheduled for destruction are reviewed by the Privacy Officer and destroyed
    in a way that protects confidentiality.
# Compensation and Benefits
## Pay Schedule
Salaried and hourly employees are paid every other Friday by direct deposit. Pay statements are
    available in the payroll portal, and questions about a paycheck should go to the Operations
    Manager.
Fee-for-service clinicians earn 45 percent of the fees collected for each session, and that
    share is paid only once the insurer or client payment has reached the practice.
Session pay is issued on the 20th of the month after the month in which the services were
    provided.
We are honest with new hires that nobody goes into community mental health to get rich, and our
    pay reflects our commitment to affordable care rather than market rates.
## Professional Expenses
Clinicians are responsible for buying their own professional liability insurance and for paying
    their license renewal fees and continuing-education costs.
A technology fee of $75 per month, covering the EHR, the telehealth platform and online
    scheduling, is withheld from every clinician's pay.
Mileage between offices, approved testing materials and approved client-related supplies are
    reimbursed when submitted on an expense report with itemized receipts within thirty days.
    Mileage is reimbursed at the current IRS rate.
## Pay Confidentiality
Individual compensation arrangements are confidential, and employees are not to discuss their
    pay, fee splits or productivity numbers with coworkers.
## Benefits
Full-time employees may enroll in the group medical, dental and vision plans on the first day of
    the month after sixty days of employment. Riverbend pays 70 percent of the employee-only
    premium.
To keep group health coverage, clinicians must average at least 110 clinical hours per month
    over each calendar quarter.
Employees may join the 401(k) plan after ninety days, and Riverbend matches contributions dollar
    for dollar up to three percent of pay. All staff and their household members may use the
    Employee Assistance Program, which offers six free, confidential counseling sessions per
    concern.
# Leave
## Paid Time Off
Full-time employees accrue paid time off (PTO) at four hours per biweekly pay period, up to a
    maximum balance of 120 hours. Part-time employees accrue PTO in proportion to their
    scheduled hours. Where possible, submit requests in the HR portal at least four weeks ahead
    so that your clients can be told about the absence.
No PTO will be approved during Thanksgiving week or the last two weeks of December.
Requests may be denied when the time away would bring a clinician's billable hours for the month
    below the productivity standard.
The office is closed from December 26 through December 31, and those closure days are charged to
    each employee's PTO balance.
## Holidays
Riverbend observes the following paid holidays:
- New Year's Day
- Memorial Day
- Independence Day
- Labor Day
- Thanksgiving Day
- Christmas Day
## Sick Leave
Employees receive forty (40) hours of paid sick leave each calendar year, available from the
    first day of employment, for their own illness or the care of a family member.
Before sick leave can be approved, clinicians must arrange coverage for, or reschedule, every
    client appointment affected by the absence.
A signed note from a health care provider is required for each day of sick leave, however short
    the illness.
If you are well enough to talk on the phone, please switch your sessions to telehealth instead
    of cancelling them.
Three unscheduled absences within any rolling twelve-month period will result in a written
    warning.
When calling in sick, staff are required to tell their supervisor what the illness is so that
    the schedule can be planned.
## Bereavement Leave
Riverbend grants one unpaid day of bereavement leave on the death of an immediate family member,
    which for this policy means a spouse, a child or a parent.
Time off for the death of a grandparent, sibling, in-law or friend, and any further time needed
    after a death in the immediate family, must be taken as PTO.
During bereavement leave, clinicians remain responsible for notifying and rescheduling their own
    clients.
Please tell your supervisor about a death in the family as soon as is practical so that we can
    support you.
## Family and Medical Leave
Employees who have worked for Riverbend for twelve months and at least 1,250 hours in the past
    year may take up to twelve weeks of job-protected leave under the Family and Medical Leave
    Act for the birth or adoption of a child, their own serious health condition or the serious
    health condition of a spouse, child or parent. Group health coverage continues during this
    leave on the same terms as if the employee were working, and employees may choose to use
    accrued PTO during it.
An employee who takes more than three unpaid days in a calendar year outside of FMLA leave will
    be reclassified as part-time and will lose eligibility for benefits.
## Other Leave
- Jury duty: employees receive their regular pay for up to five days of jury service.
- Voting: employees may take up to two hours of paid time to vote when their schedule does not
    allow them to vote outside work hours.
- Military leave is provided as required by USERRA.
## Summary of Leave Types
The table below summarizes each type of leave. The full policy above governs if the two differ.
| Leave type | Amount | Paid? | Notes
| Paid time off | Four hours accrued per biweekly pay period for full-time staff | Paid | Not
    approved during Thanksgiving week or the last two weeks of December
| Holidays | Six designated holidays per year | Paid | Clients who normally meet on a holiday
    are offered another time that week
| Sick leave | Forty hours per calendar year | Paid | A provider's note is required for every
    sick day taken
| Bereavement leave | One day per death of a spouse, child or parent | Unpaid | Must be used on
    the day immediately after the death
| Family and medical leave | Up to twelve weeks for eligible employees | Unpaid | Group health
    coverage continues during the leave
| Jury duty | Up to five days | Paid | Give a copy of the summons to the Operations Manager
# After-Hours Availability and On-Call
Riverbend offers an after-hours line for established clients, which forwards calls to the
    clinician on call after the front desk closes. The on-call clinician records every
    after-hours contact in the EHR by the end of the next business day.
Therapists are expected to remain reachable by their clients for urgent concerns at any hour,
    including evenings, weekends and holidays.
Each clinician gives clients a personal cell phone number so that they can contact their
    therapist directly between sessions.
Licensed clinicians rotate through a weekly on-call shift; on-call duty is considered part of
    the position and carries no additional pay.
While on PTO, clinicians should check their voicemail and EHR inbox at least once a day and
    respond to anything urgent.
If a client describes an immediate danger to themselves or others, stay on the line when it is
    safe to do so and direct the client to call 911 or go to the nearest emergency department,
    then notify the Clinical Director.
# Communication with Clients
## Messaging and Response Times
Clients may message their clinician through the secure patient portal. Texting with clients is
    limited to scheduling and reminders, and clinical content is never discussed by text or
    personal email.
Every client message must be answered within two hours, seven days a week.
## When a Clinician Cancels
When you need to cancel a session, tell the client only that something came up, and do not offer
    any personal explanation.
Clinicians are never to share with clients that they are ill, pregnant or grieving.
Please notify the front desk of any cancellation so that the client's next appointment can be
    confirmed.
## Social Media and Dual Relationships
Clinicians do not accept friend or follow requests from current or former clients on personal
    accounts, and they do not enter into business, social or romantic relationships with
    clients. Gifts from clients are limited to items of nominal value, no more than $25, and
    must be recorded in the chart. When an unavoidable overlap arises, such as a client who
    belongs to the same congregation or gym, discuss it with your supervisor and document the
    plan.
# Supervision and Associates
Associates are clinicians who have completed their graduate degree and are gaining supervised
    experience toward independent licensure. Each associate receives one hour of individual
    supervision and two hours of group supervision each week from a licensed supervisor who
    meets state board requirements. Supervisors sign experience logs monthly and complete the
    board's verification forms on request.
Associates join Riverbend as independent contractors and are paid 40 percent of collected fees
    for each completed session.
A supervision fee of $200 per month is deducted from each associate's earnings to cover the cost
    of their required clinical supervision.
New associates are expected to transfer at least three private-pay clients to the practice
    within their first two weeks and to grow their caseloads through their own marketing.
Sessions that associates provide to sliding-scale clients are not paid, because the experience
    hours count toward licensure and we regard that as compensation in itself.
Associates are responsible for keeping their board registration current and for giving the
    Operations Manager a copy of each renewal. When a supervisor is away for more than a week,
    the Clinical Director names a back-up supervisor so that weekly supervision continues
    without interruption.
# Trainees and Practicum Students
Riverbend hosts practicum students and interns from accredited graduate programs under written
    affiliation agreements. Trainees see clients only when a licensed supervisor is on site or
    reachable by phone, and every trainee receives at least one hour of individual supervision
    each week. Trainees inform clients of their student status at the first session and obtain
    written consent before any session is recorded.
Practicum students are expected to carry a minimum of twenty-two (22) direct client hours each
    week.
Trainees continue to see their clients through university breaks, although hours accrued during
    breaks are not signed off for program credit.
Trainees complete the same orientation, HIPAA and safety training as staff before their first
    client contact. The training coordinator meets each school's faculty liaison at midterm and
    at the end of every term to review the trainee's progress and evaluation.
# Professional Conduct
## Dress and Appearance
Business casual dress is expected in the office and on video sessions. Jeans without holes are
    acceptable on Fridays. Staff name badges are worn at all times in client areas.
## Punctuality and Attendance
Arrive early enough to review your schedule and be ready for your first client. If you will be
    late, call the front desk so that clients in the waiting room can be told.
## Wellness
Self-care is the personal responsibility of each clinician, and signs of burnout usually mean
    that personal boundaries need attention rather than that the workload needs to change.
## Drug-Free Workplace
The use, possession or sale of alcohol or illegal drugs on Riverbend premises or while providing
    services is prohibited. Employees who are concerned about their own substance use may
    contact the Employee Assistance Program in confidence.
# Confidentiality and HIPAA
Riverbend is a covered entity under HIPAA. All staff complete privacy and security training
    during orientation and every year after that. Protected health information is accessed only
    when needed for treatment, payment or operations, and only the minimum necessary is used or
    disclosed.
- Do not discuss clients in hallways, elevators, the break room or any public place.
- Keep paper records in locked cabinets and shred them when they are no longer needed.
- Release records only with a signed authorization or as the law requires.
- Report any suspected privacy breach to the Privacy Officer within one business day.
Clients may ask for a copy of their records at any time; the Privacy Officer responds to such
    requests within the time the law allows and keeps a log of every disclosure.
Mandated reporting obligations for suspected abuse or neglect of a child, elder or dependent
    adult apply to every clinician, and the Clinical Director can help you make a report.
# Technology and Security
Practice-owned laptops are encrypted and managed by our IT vendor. Personal devices may be used
    for EHR access only after they are enrolled in device management. Telehealth sessions are
    conducted on the approved platform from a private space where the session cannot be
    overheard. Report a lost or stolen device to the Operations Manager within 24 hours so that
    it can be wiped remotely.
## Telehealth
Before a first telehealth session, confirm the client's identity and physical location and
    record an emergency contact and the nearest emergency department in the chart. Clients must
    be located in a state where the clinician is licensed. If the video connection fails, call
    the client at the number on file to finish the session or arrange another time.
# Workplace Safety
Report any injury at work, however minor, to the Operations Manager on the day it happens so
    that a workers' compensation claim can be filed when needed. Each office has a panic button
    in the front desk area and in every therapy room, and staff are trained each year in
    de-escalation and evacuation procedures. When the office closes for severe weather, the
    Operations Manager sends a text alert by 6:30 a.m., salaried employees are paid as usual,
    and clinicians offer telehealth to clients who would like it.
# Professional Development
Riverbend holds a monthly case consultation group and a quarterly in-service training on topics
    chosen by staff. Full-time clinicians may request up to two days of paid professional leave
    each year to attend a conference or workshop, with the Clinical Director's approval.
    Employees who are pursuing additional certifications can ask their supervisor for help
    building a development plan.
# Facilities and Parking
Staff park in the rear lot on Alder Street and leave the front spaces for clients. Building
    access cards are issued on the first day and must be returned at the end of employment. The
    last person to leave the building at night sets the alarm and confirms that the rear door is
    locked.
# Complaints and Grievances
If you have a concern about your working conditions, a policy or the conduct of a colleague,
    raise it first with your supervisor. If that does not resolve it, or if the concern involves
    your supervisor, submit it in writing to the Operations Manager, who will respond within ten
    business days. Client complaints are handled through the separate client grievance procedure
    posted in the waiting room.
# Leaving Riverbend
Employees are asked to give at least two weeks' written notice of resignation, and clinicians
    are asked to give thirty days' notice so that client transitions can be planned carefully.
    Your final paycheck, including any payment for accrued PTO required by state law, is issued
    on the next regular payday. Please return keys, access cards, laptops and any client records
    before your last day. An exit interview with the Operations Manager is offered to every
    departing employee.
# Acknowledgement
I acknowledge that I have received the Riverbend Counseling Collective Employee Handbook, that I
    have read it, and that I understand it is my responsibility to follow the policies it
    describes. I understand that the handbook is not a contract and that Riverbend may change
    its policies with written notice.
Employee name: ______________________
Signature and date: ______________________
"""

#: the Lakeside University COUN 6810 practicum syllabus (fictional; see ANSWERS.md)
PRACTICUM_SYLLABUS = """
= COUN 6810: Practicum in Clinical Mental Health Counseling
~ Lakeside University, Department of Counselor Education. Spring 2026, three credit hours.
~ Instructor: Dr. Rowan Achterberg, LPC-S. Class meets Wednesdays, 5:30 to 8:15 p.m., in Harbor
    Hall 214.
~ Office hours: Tuesdays 2:00 to 4:00 p.m. and by appointment.
# 1. Course Description
This course is the first supervised clinical experience in the Clinical Mental Health Counseling
    program. Students provide individual and group counseling at an approved community site
    under a licensed site supervisor and meet weekly with the faculty instructor for group
    supervision, case consultation and skill practice. Practicum prepares students for the
    two-semester internship sequence (COUN 6910 and COUN 6920). Prerequisites are COUN 6100,
    COUN 6300 and COUN 6420, and a passing score on the pre-practicum skills assessment.
# 2. Learning Objectives
By the end of the semester, students will be able to:
1. Establish and maintain a working alliance with clients from diverse backgrounds.
2. Conduct an intake interview and write a clear, culturally informed case conceptualization.
3. Develop measurable treatment goals with clients and monitor progress toward them.
4. Apply the ACA Code of Ethics and state law to confidentiality, informed consent and
    duty-to-warn situations.
5. Use supervision and peer feedback to reflect on and improve their own clinical work.
# 3. Hours and Workload
Students complete at least 100 practicum hours over the semester, of which at least 40 must be
    direct client contact. Indirect hours include individual and group supervision, case
    staffing, site trainings and documentation. Hours are recorded each week on the Practicum
    Hours Log and signed by the site supervisor.
Practicum students are required to spend a minimum of twenty-four (24) unpaid hours each week at
    their site while remaining enrolled full time, and students should not plan on holding
    outside employment during the practicum semester.
Students are expected to keep seeing their clients during spring break and the week between
    semesters, but hours earned while the university is on break cannot be counted toward the
    100-hour requirement.
Progress notes are written on the student's own time after the site day ends and are not
    recorded as indirect hours.
# 4. Attendance
Group supervision is central to this course, and regular attendance is expected. Please let the
    instructor know as early as you can if you expect to miss a class meeting.
Students may miss no more than two class meetings during the semester for any reason, including
    illness and bereavement, and each additional absence lowers the final course grade by one
    full letter.
An absence from class or site is excused only when it is supported by written documentation,
    such as a physician's note or a funeral program.
Any site hours missed because of illness, a death in the family or another emergency must be
    made up before the last day of classes, or the student will receive a grade of Incomplete.
Students may not request time away from their site during the final two weeks of the semester.
University holidays listed in the academic calendar are not counted as absences, and religious
    observances are accommodated under university policy when the instructor is notified in the
    first two weeks of term.
# 5. Site Expectations
Students follow all policies of their practicum site, including its dress code, documentation
    standards and safety procedures. In particular, students:
- Complete the site orientation and HIPAA training before their first client contact.
- Attend at least one hour of individual or triadic supervision each week with their site
    supervisor.
- Audio- or video-record sessions only with the client's written consent, and store recordings
    on the encrypted university drive.
- Give the site supervisor a personal cell phone number and remain reachable on evenings and
    weekends in case a client has an emergency.
- Consult the site supervisor immediately about any risk of harm to self or others, abuse
    reporting or other urgent clinical question.
# 6. Professional Dispositions and Self-Disclosure
Counseling students are rated each semester on the Professional Dispositions Rating Form, which
    addresses openness to feedback, ethical judgement, self-awareness and interpersonal skills.
    The instructor and site supervisor complete the form together and review it with the student
    at midterm and at the end of term.
Tearfulness or any other visible emotional reaction during class or supervision will be
    documented on the form as a disposition concern.
Students should never disclose information about their own health, family circumstances or
    losses to clients, under any circumstances.
Becoming a counselor is a calling that asks you to set your own needs aside for the sake of the
    people you serve.
Personal material you choose to share in reflection journals is kept confidential and is not
    graded for its content. Students who are having a hard time are welcome to use Counseling
    and Psychological Services, which is free and confidential for all enrolled students.
# 7. Grading
The final grade is based on the following components:
- Site supervisor evaluation: 30 percent.
- Case conceptualization presentation: 20 percent.
- Recorded session review and transcript: 20 percent.
- Weekly hours logs, submitted on time: 10 percent.
- Reflection journal: 10 percent.
- Participation in group supervision: 10 percent.
A final grade of B or better is required to progress to internship. A student who earns a lower
    grade meets with the clinical coordinator to develop a remediation plan.
# 8. Accommodations
Lakeside University provides reasonable accommodations to students with disabilities, including
    at practicum sites. Students who need accommodations should contact Accessibility Services
    early in the term; the instructor will work with Accessibility Services and the site to put
    approved accommodations in place. Students who are pregnant or parenting may also request
    support through the Title IX office.
# 9. Academic Integrity
All written work must be the student's own. Case materials are de-identified according to the
    site's policy before they are brought to class, and any use of generative AI tools with
    client information is prohibited. Suspected violations are handled under the university's
    Academic Integrity Policy.
# 10. Course Schedule
The schedule may change to fit the needs of the group; changes are announced in class and on the
    course site.
- Weeks 1 and 2: orientation, site agreements, informed consent and the first supervision
    contract.
- Weeks 3 to 5: intake interviewing, risk assessment and safety planning.
- Weeks 6 to 8: case conceptualization, midterm dispositions review and first case
    presentations.
- Weeks 9 to 12: treatment planning, group work, cultural humility and recorded session reviews.
- Weeks 13 to 15: termination and transfer of care, final case presentations and final
    evaluations.
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

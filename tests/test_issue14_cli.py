"""Regression tests for issue 14, "A result the HR manager can trust and act on": one
test (or a few) per item of the issue's "Why", named after it.

Most run the real command line in a subprocess (what a user types), on the bundled
samples or on a small Markdown handbook checked with tests/data/issue14_rules.yaml.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_handbooks"
RULES = Path(__file__).parent / "data" / "issue14_rules.yaml"
IDS = (
    "caseload/t14-caseload,unpaid-work/t14-notes,martyr-language/t14-calling,"
    "martyr-language/t14-whatever,time-off/t14-no-pto"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

HANDBOOK = """# Staff handbook

Employees receive benefits, and payroll runs monthly for every employee.

## Caseload

Clinicians carry 45 clients and write notes on your own time.

## Mission

This is a calling. We do whatever it takes.
"""


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    out.pop("GITHUB_ACTIONS", None)
    out.update(extra)
    return out


def run(
    cwd: Path, *args: str, environ: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environ or env(),
        timeout=600,
    )


def small(cwd: Path, *args: str, environ: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """``policylint check`` on the small handbook with the test rules."""
    (cwd / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    return run(
        cwd,
        "check",
        "handbook.md",
        "--rules",
        str(RULES),
        "--select",
        IDS,
        "--no-config",
        *args,
        environ=environ,
    )


@pytest.fixture(scope="module")
def samples(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """The three samples of different kinds, through the real command line, once."""
    cwd = tmp_path_factory.mktemp("samples")
    paths = [
        str(SAMPLES / "riverbend-clinic-handbook.docx"),
        str(SAMPLES / "practicum-syllabus.pdf"),
        str(SAMPLES / "client-practice-policies.md"),
    ]
    return {
        "json": run(cwd, *paths, "--format", "json", "--no-report"),
        "text": run(cwd, *paths, "--no-report"),
        "handbook": run(cwd, paths[0]),
        "sarif": run(cwd, paths[0], "--format", "sarif"),
        "cwd": cwd,  # type: ignore[dict-item]
    }


# -- 1. A clean result when nothing was checked ---------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["anotate", "x.docx"], "No such command 'anotate'. Did you mean 'annotate'?"),
        (["rule", "list"], "No such command 'rule'. Did you mean 'rules'?"),
        (["explain", "handbook.md"], "'explain' is neither a command nor a file or folder"),
        (["rules", "lst"], "Did you mean 'list'?"),
    ],
)
def test_1_a_mistyped_command_is_not_taken_for_paths(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    proc = run(tmp_path, *args)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "No findings" not in proc.stdout + proc.stderr
    assert list(tmp_path.iterdir()) == []  # no report written


def test_1_a_word_that_names_an_existing_folder_is_checked(tmp_path: Path) -> None:
    (tmp_path / "explain").mkdir()
    (tmp_path / "explain" / "policy.md").write_text(HANDBOOK, encoding="utf-8")
    proc = run(tmp_path, "explain", "--rules", str(RULES), "--select", IDS, "--no-report")
    assert proc.returncode == 1, proc.stderr
    assert "explain/policy.md:" in proc.stdout


def test_1_bare_policylint_prints_the_help(tmp_path: Path) -> None:
    proc = run(tmp_path)
    out = proc.stdout + proc.stderr
    assert "Usage: policylint" in out and "Commands:" in out and "annotate" in out
    assert "Missing argument" not in out


def test_1_a_run_that_reads_nothing_exits_2_and_says_so_in_red(tmp_path: Path) -> None:
    proc = run(tmp_path, "missing.docx", "also-missing.md", environ=env(FORCE_COLOR="1"))
    assert proc.returncode == 2
    assert "\x1b[31m" in proc.stderr  # red
    plain = ANSI.sub("", proc.stderr)
    assert "no document was read (2 could not be read)" in plain
    assert "No findings" not in proc.stdout
    assert list(tmp_path.iterdir()) == []
    proc = run(tmp_path, "missing.docx", environ=env(NO_COLOR="1"))
    assert proc.returncode == 2 and "\x1b[" not in proc.stderr


def test_1_machine_formats_still_carry_the_errors_when_nothing_was_read(tmp_path: Path) -> None:
    proc = run(tmp_path, "missing.md", "--format", "sarif", "-o", "out.sarif")
    assert proc.returncode == 2
    # one file, one line: its own error says why nothing was checked
    assert [line for line in proc.stderr.splitlines() if line.strip()] == [
        line for line in proc.stderr.splitlines() if line.startswith("missing.md: error: ")
    ]
    log = json.loads((tmp_path / "out.sarif").read_text())
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.md" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert not list(tmp_path.glob("*.html"))


def test_1_a_folder_without_documents_reads_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.rtf").write_text("x")
    proc = run(tmp_path, "empty")
    assert proc.returncode == 2
    # one line, naming the folder and why
    assert proc.stderr.startswith("empty: error: folder has no supported files"), proc.stderr
    assert len(proc.stderr.splitlines()) == 1


def test_1_the_report_never_says_no_concerns_for_an_area_nobody_checked(tmp_path: Path) -> None:
    import lxml.html

    from policylint.api import lint
    from policylint.config import Config
    from policylint.formatters import html as html_fmt

    report = lint([str(tmp_path / "missing.docx")], Config())
    assert report.exit_code() == 2 and report.checked_categories() == []
    tree = lxml.html.document_fromstring(html_fmt.render(report))
    statuses = tree.xpath("//table[@class='scorecard']/tbody/tr/@data-status")
    assert statuses and set(statuses) == {"unchecked"}
    assert "No concerns" not in tree.text_content()
    assert tree.xpath("//*[@id='nothing-read']")
    # one document read, one not: areas count as checked only from the one read
    (tmp_path / "syllabus.md").write_text(
        "# Course syllabus\n\nStudents attend the practicum each semester; grading is "
        "pass or fail. The instructor keeps the course schedule.\n",
        encoding="utf-8",
    )
    report = lint([str(tmp_path / "syllabus.md"), str(tmp_path / "missing.docx")], Config())
    assert report.files[0].profile == "syllabus"
    assert report.checked_categories() == report.checked_categories("syllabus")


# -- 2. The wrong profile, silently ---------------------------------------------------


def test_2_each_sample_is_checked_as_what_it_is(samples: dict) -> None:
    data = json.loads(samples["json"].stdout)
    got = {Path(f["path"]).name: (f["profile"], f["profile_source"]) for f in data["files"]}
    assert got == {
        "riverbend-clinic-handbook.docx": ("handbook", "detected"),
        "practicum-syllabus.pdf": ("syllabus", "detected"),
        "client-practice-policies.md": ("client-policy", "detected"),
    }
    syllabus = next(f for f in data["files"] if f["path"].endswith(".pdf"))
    assert syllabus["profile_reason"].startswith("detected: ")
    # a training director is never told the handbook lacks paid time off
    for f in syllabus["findings"]:
        assert "handbook" not in f["message"].lower(), f


def test_2_the_terminal_says_which_profile_each_file_got_and_how_to_change_it(
    samples: dict,
) -> None:
    out = samples["text"].stdout
    assert "Profiles:" in out
    assert re.search(r"syllabus: \S*practicum-syllabus\.pdf \(detected: ", out)
    assert re.search(r"client-policy: \S*client-practice-policies\.md \(detected: ", out)
    assert "--profile handbook|syllabus|client-policy" in out
    single = samples["handbook"].stdout
    assert "Profile: handbook, detected: the title or headings say" in ANSI.sub("", single)


def test_2_flag_and_configuration_override_detection(tmp_path: Path) -> None:
    pdf = str(SAMPLES / "practicum-syllabus.pdf")
    proc = run(tmp_path, pdf, "--profile", "handbook", "--format", "json", "--no-report")
    f = json.loads(proc.stdout)["files"][0]
    assert (f["profile"], f["profile_source"], f["profile_reason"]) == (
        "handbook",
        "flag",
        "set by --profile",
    )
    (tmp_path / ".policylint.yaml").write_text('profiles:\n  "*.pdf": client-policy\n')
    proc = run(tmp_path, pdf, "--format", "json", "--no-report")
    f = json.loads(proc.stdout)["files"][0]
    assert (f["profile"], f["profile_source"]) == ("client-policy", "config")
    assert ".policylint.yaml:2" in f["profile_reason"]


def test_2_json_with_profiles_validates_against_the_public_schema(samples: dict) -> None:
    import jsonschema

    schema = json.loads((ROOT / "policylint" / "schemas" / "report-v1.json").read_text())
    data = json.loads(samples["json"].stdout)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema_version"] == 1


# -- 3. Internal references reach users -----------------------------------------------


INTERNAL = re.compile(r"DOMAIN|§\s?1\.\d|\.\./shared")


def test_3_the_report_has_no_internal_references_and_links_its_sources(samples: dict) -> None:
    html = next(samples["cwd"].glob("riverbend-clinic-handbook*.policylint.html")).read_text()
    assert not INTERNAL.search(html)
    assert 'href="https://doi.org/10.' in html
    assert "docs/evidence.md#" in html


def test_3_rules_show_has_no_internal_references_and_links_the_evidence() -> None:
    from policylint.engine.loader import load_rules

    runner = CliRunner()
    for rule in load_rules():
        res = runner.invoke(cli, ["rules", "show", rule.id], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        assert not INTERNAL.search(res.output), (rule.id, INTERNAL.search(res.output))
        assert f"docs/evidence.md#{rule.category}" in res.output
        assert "{{" not in res.output.split("Flags")[0], rule.id


def test_3_sarif_rules_carry_a_help_uri(samples: dict) -> None:
    log = json.loads(samples["sarif"].stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules
    for rule in rules:
        assert rule["helpUri"].startswith("https://"), rule["id"]
        assert not INTERNAL.search(json.dumps(rule)), rule["id"]


def test_3_word_comments_have_no_internal_references(tmp_path: Path) -> None:
    src = tmp_path / "handbook.docx"
    shutil.copy(SAMPLES / "riverbend-clinic-handbook.docx", src)
    proc = run(tmp_path, "annotate", str(src), "--suggest-edits")
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "handbook.policylint.docx") as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "policylint" in comments and not INTERNAL.search(comments)


# -- 4. Unfinished wording in paste-ready text ----------------------------------------


def test_4_rule_titles_are_rendered_in_rules_list(tmp_path: Path) -> None:
    text = run(tmp_path, "rules", "list").stdout
    listed = json.loads(run(tmp_path, "rules", "list", "--format", "json").stdout)
    assert "{{" not in text and "}}" not in text
    assert all("{" not in r["title"] for r in listed["rules"])
    assert "Bereavement leave shorter than 5 days" in text


def _docx(path: Path, *paragraphs: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Staff handbook", 0)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


@pytest.mark.parametrize(("days", "words"), [(1, "1 business day"), (2, "2 business days")])
def test_4_tracked_rewrites_and_messages_have_real_plurals(
    tmp_path: Path, days: int, words: str
) -> None:
    _docx(tmp_path / "h.docx", "Clinicians carry 45 clients.", "Staff receive paid time off.")
    (tmp_path / ".policylint.yaml").write_text(
        f"rules: [{RULES.as_posix()}]\nselect: [caseload/t14-caseload]\n"
        f"params:\n  caseload/t14-caseload:\n    reply_days: {days}\n    max_clients: 1\n",
        encoding="utf-8",
    )
    proc = run(tmp_path, "annotate", "h.docx", "--suggest-edits")
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "h.policylint.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        comments = z.read("word/comments.xml").decode("utf-8")
    inserted = " ".join(re.findall(r"<w:ins\b.*?</w:ins>", body, re.S))
    assert words in inserted and "(s)" not in inserted
    assert "capped at 1 client." in inserted
    assert "above 1 client." in comments and "(s)" not in comments


# -- 5. Too much terminal for a manager -----------------------------------------------


def test_5_the_default_terminal_is_one_line_per_flagged_clause(samples: dict) -> None:
    proc = samples["handbook"]
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) < 100, len(lines)
    clause_lines = [x for x in lines if re.match(r"\S+\.docx:¶\d+: (error|warning|info) \[", x)]
    assert len(clause_lines) > 20
    assert len(set(clause_lines)) == len(clause_lines)
    assert not any(x.lstrip().startswith(("suggest:", "> ")) for x in lines)
    assert "Policy area" in proc.stdout and "Self-sacrifice rhetoric" in proc.stdout
    report = re.search(r"^Report: (.+)$", proc.stdout, re.M)
    assert report and Path(report.group(1)).is_absolute() and Path(report.group(1)).is_file()
    assert "policylint annotate" in proc.stdout and "--suggest-edits" in proc.stdout
    # every finding is still in the JSON
    data = json.loads(samples["json"].stdout)
    handbook = next(f for f in data["files"] if f["path"].endswith(".docx"))
    assert len([f for f in handbook["findings"] if f["scope"] == "span"]) > len(clause_lines)


def test_5_findings_on_one_sentence_share_one_line_and_json_keeps_them_all(
    tmp_path: Path,
) -> None:
    proc = small(tmp_path, "--no-report")
    assert proc.returncode == 1, proc.stderr
    grouped = [x for x in proc.stdout.splitlines() if x.startswith("handbook.md:7:")]
    assert grouped == [
        "handbook.md:7:12: warning [caseload/t14-caseload, unpaid-work/t14-notes] "
        "Caseload above 30 clients; Notes on unpaid time"
    ]
    data = json.loads(small(tmp_path, "--no-report", "--format", "json").stdout)
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert "caseload/t14-caseload" in rules and "unpaid-work/t14-notes" in rules


def test_5_verbose_shows_sentence_why_and_one_rewrite_and_the_note_once(tmp_path: Path) -> None:
    out = small(tmp_path, "--no-report", "-v").stdout
    flat = " ".join(out.split())
    assert "> Clinicians carry 45 clients and write notes on your own time." in out
    assert "why: Large caseloads exhaust clinicians." in out
    assert out.count("rewrite:") == 3  # one per clause
    # the combined rewrite says the shared sentence once
    assert flat.count("Messages are answered within 1 business day.") == 1
    assert flat.count("so the rhetoric is backed by policy") == 1
    assert "note: Raised to warning" in out


def test_5_quiet_prints_only_the_summary(tmp_path: Path) -> None:
    out = small(tmp_path, "--no-report", "-q").stdout
    assert "handbook.md:" not in out
    assert out.startswith("Policy area")
    assert re.search(r"\d+ findings \(\d+ warnings\) on 3 clauses and 1 missing provision", out)


def test_5_a_progress_line_on_stderr_for_many_files_on_a_terminal(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    for n in range(6):
        (tmp_path / f"h{n}.md").write_text(HANDBOOK, encoding="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", ".", "--rules", str(RULES), "--select", IDS,
         "--no-config", "--no-report", "--no-cache"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, env=env(), timeout=300,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stderr = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "Checking " in stderr and "/6: " in stderr
    assert "Checking" not in proc.stdout.decode()
    # into a pipe: no progress line
    piped = small(tmp_path, "--no-report")
    assert "Checking" not in piped.stderr


# -- 6. Colour and terminals -----------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "args", "coloured"),
    [
        ({}, [], False),  # a pipe
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, [], True),
        ({"NO_COLOR": "1", "TERM": "dumb"}, ["--color"], True),  # --color into a pipe
        ({"FORCE_COLOR": "1"}, ["--no-color"], False),
    ],
)
def test_6_colour_conventions(tmp_path: Path, extra: dict, args: list[str], coloured: bool) -> None:
    proc = small(tmp_path, "--no-report", *args, environ=env(**extra))
    assert ("\x1b[" in proc.stdout) is coloured


def test_6_wrapping_is_measured_without_escape_codes(tmp_path: Path) -> None:
    plain = small(tmp_path, "--no-report", "-v", "--no-color", environ=env(COLUMNS="64")).stdout
    colour = small(tmp_path, "--no-report", "-v", "--color", environ=env(COLUMNS="64")).stdout
    assert "\x1b[" in colour
    assert ANSI.sub("", colour) == plain
    for line in plain.splitlines():
        if line.startswith("    "):  # wrapped paragraphs (the clause lines are not wrapped)
            assert len(line) <= 64, line


# -- 7. Where the report goes ---------------------------------------------------------


def test_7_the_report_is_named_for_the_input_and_never_silently_overwritten(
    tmp_path: Path,
) -> None:
    first = small(tmp_path)
    report = tmp_path / "handbook.policylint.html"
    assert f"Report: {report}" in first.stdout
    report.write_text("the earlier report")
    second = small(tmp_path)
    kept = tmp_path / "handbook-2.policylint.html"
    assert f"Report: {kept} (handbook.policylint.html already exists" in second.stdout
    assert report.read_text() == "the earlier report" and kept.is_file()
    small(tmp_path, "--force")
    assert report.read_text().startswith("<!DOCTYPE html>")
    mine = tmp_path / "mine.html"
    mine.write_text("old")
    small(tmp_path, "--report", str(mine))
    assert mine.read_text().startswith("<!DOCTYPE html>")  # an explicit path is the user's call


def test_7_a_folder_gives_a_report_named_for_the_folder(tmp_path: Path) -> None:
    (tmp_path / "syllabi").mkdir()
    (tmp_path / "syllabi" / "a.md").write_text(HANDBOOK, encoding="utf-8")
    proc = run(tmp_path, "syllabi", "--rules", str(RULES), "--select", IDS, "--no-config")
    assert (tmp_path / "syllabi.policylint.html").is_file(), proc.stdout + proc.stderr


def test_7_open_opens_the_report_in_the_browser(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n")
    proc = small(tmp_path, "--open", environ=env(BROWSER=f"{sys.executable} {browser} %s"))
    assert proc.returncode == 1, proc.stderr
    assert opened.read_text() == (tmp_path / "handbook.policylint.html").as_uri()


# -- 8. Smaller things ----------------------------------------------------------------


def test_8_config_errors_come_in_one_pass(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(HANDBOOK, encoding="utf-8")
    (tmp_path / ".policylint.yaml").write_text(
        "selct: [caseload]\nignore: [grief-leav]\nseverity:\n  caseload: urgent\n",
        encoding="utf-8",
    )
    proc = run(tmp_path, "x.md", "--no-report")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert any("unknown key 'selct'" in x for x in lines)
    assert any("'grief-leav' is neither a rule id nor a category" in x for x in lines)
    assert any("must be error, warning or info, not 'urgent'" in x for x in lines)
    assert [x.split(":")[1] for x in lines] == ["1", "2", "4"]  # in line order


def test_8_rules_show_takes_suppression_checks_and_categories(tmp_path: Path) -> None:
    proc = run(tmp_path, "rules", "show", "suppression/unused")
    assert proc.returncode == 0 and "Suppression that silenced nothing" in proc.stdout
    proc = run(tmp_path, "rules", "show", "grief-leave")
    assert proc.returncode == 0
    assert "grief-leave/no-bereavement-provision" in proc.stdout
    assert "docs/evidence.md#grief-leave" in proc.stdout
    proc = run(tmp_path, "rules", "show", "grief-leav")
    assert proc.returncode == 2 and "Did you mean" in proc.stderr


def test_8_rules_list_filters_by_category(tmp_path: Path) -> None:
    proc = run(tmp_path, "rules", "list", "sick-leave")
    ids = [line.split()[0] for line in proc.stdout.splitlines() if "/" in line.split(" ")[0]]
    assert ids and all(i.startswith("sick-leave/") for i in ids)
    proc = run(tmp_path, "rules", "list", "sick-leav")
    assert proc.returncode == 2 and "Did you mean 'sick-leave'?" in proc.stderr


def test_8_annotate_offers_only_options_it_accepts() -> None:
    res = CliRunner().invoke(cli, ["annotate", "--help"])
    assert "--stdin-filename" not in res.output and "--fail-on" not in res.output
    assert "--suggest-edits" in res.output and "--profile" in res.output


def test_8_init_points_only_to_what_is_installed(tmp_path: Path) -> None:
    proc = run(tmp_path, "init")
    assert proc.returncode == 0
    text = (tmp_path / ".policylint.yaml").read_text()
    assert "README" not in text and "docs/" not in text
    for command in re.findall(r"`(policylint [^`]+)`", text):
        words = command.split()
        res = CliRunner().invoke(cli, [*words[1:3], "--help"] if len(words) > 2 else ["--help"])
        assert res.exit_code == 0, command


def test_8_write_baseline_only_writes_the_baseline(tmp_path: Path) -> None:
    proc = small(tmp_path, "--write-baseline", "base.json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "Wrote base.json:" in proc.stderr
    assert not list(tmp_path.glob("*.html"))


def test_8_the_sticky_bar_phone_width_and_print_are_browser_tested() -> None:
    tests = (ROOT / "tests" / "browser" / "test_issue14_browser.py").read_text()
    for name in ("scorecard_jump", "390", "print_to_pdf", "empty_result"):
        assert name in tests


# -- 9. Set-up ------------------------------------------------------------------------


def test_9_readme_starts_with_the_two_commands_and_explains_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(
        "# policylint\n\n```sh\n"
        "pip install -e . && policylint sample_handbooks/riverbend-clinic-handbook.docx\n"
        "pip install -e '.[test]' && python -m pytest\n```\n"
    )
    assert "Python 3.11" in readme
    assert "py -3 -m venv .venv" in readme and ".venv\\Scripts\\Activate.ps1" in readme
    assert "python3 -m venv .venv" in readme and ". .venv/bin/activate" in readme
    assert "## For HR" in readme
    for text in (readme, *(p.read_text() for p in (ROOT / "docs").glob("*.md"))):
        assert "../shared" not in text and "DOMAIN" not in text and "your-org" not in text


def test_9_the_pre_commit_snippet_has_a_real_rev_and_validates(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use with pre-commit") :]
    snippet = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
    rev = re.search(r"rev: (\S+)", snippet).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"[0-9a-f]{40}|v\d+\.\d+\.\d+", rev), rev
    if (ROOT / ".git").exists() and shutil.which("git"):
        found = subprocess.run(
            ["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True
        )
        assert found.returncode == 0, f"rev {rev} is not a commit of this repository"
    pre_commit = shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(re.sub(r"repo: \S+", f"repo: {ROOT.as_posix()}", snippet), encoding="utf-8")
    proc = subprocess.run(
        [pre_commit, "validate-config", str(config)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_9_the_evidence_ships_with_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"docs/evidence.md" = "policylint/docs/evidence.md"' in text
    assert io.StringIO  # (the wheel layout itself is checked by the wheel build in CI)

"""The command line: click commands only. Each command parses options, calls the
library (:mod:`policylint.api`), picks a formatter and sets the exit code.

Importing this module must stay cheap: no spaCy, python-docx or pypdf here (a test
checks ``policylint --version`` with ``python -X importtime``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from . import __version__
from .findings import FAIL_ON, PROFILES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

FORMAT_CHOICES = ("text", "json", "html", "sarif", "github")


class DefaultGroup(click.Group):
    """``policylint PATH...`` means ``policylint check PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


def _split(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def parse_size(value: str | int) -> int:
    from .config import parse_size as _parse

    try:
        return _parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def fail(message: str) -> None:
    """One problem on stderr (``path: error: what and what to do``). Whatever it
    quotes (a file name, a key from a config file) cannot drive the terminal."""
    from .safety import printable_line

    click.echo(printable_line(message), err=True)


def show(text: str, *, colour: bool = False) -> None:
    """Report text on stdout: terminal escapes and control or bidi characters that
    came from documents, names or rule files are removed (policylint's own colours
    are kept when ``colour``)."""
    from .safety import terminal_safe

    click.echo(terminal_safe(text, keep_sgr=colour), nl=False)


def lint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that lints (check, annotate)."""
    options = [
        click.option(
            "--select",
            multiple=True,
            metavar="RULES",
            help="Only these rule ids or categories (repeatable, comma-separated).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="RULES",
            help="Skip these rule ids or categories (repeatable, comma-separated).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default=None,
            help="Lowest severity that makes the exit code 1 [default: warning].",
        ),
        click.option(
            "--profile",
            type=click.Choice(PROFILES),
            default=None,
            help="Kind of document; selects the document-level checks [default: handbook].",
        ),
        click.option(
            "--rules",
            "rule_paths",
            multiple=True,
            type=click.Path(),
            metavar="PATH",
            help="Extra rule files or folders (repeatable).",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False),
            default=None,
            help="Use this config file instead of searching for one.",
        ),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        click.option(
            "--max-file-size",
            default=None,
            metavar="SIZE",
            help="Refuse larger inputs [default: 50MB].",
        ),
        click.option(
            "--read-timeout",
            default=None,
            metavar="SECONDS",
            help="Seconds allowed for reading a file, per MB of it, counting every file "
            "as 2 MB more than it is; 0 turns the budget off [default: 5].",
        ),
        click.option(
            "--stdin-filename",
            default=None,
            metavar="NAME",
            help="Name for input read from '-'; its extension picks the format "
            "[default: Markdown].",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks for internal errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_config(
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    profile: str | None = None,
    rule_paths: Sequence[str] = (),
    config_file: str | None = None,
    no_config: bool = False,
    max_file_size: str | None = None,
    read_timeout: str | None = None,
):  # type: ignore[no-untyped-def]
    """Defaults < config file < command line."""
    from .config import ConfigError, find_and_load

    try:
        config = find_and_load(config_file=config_file, no_config=no_config)
    except ConfigError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    if select:
        config.select = _split(select)
        config.origins["select"] = "--select"
    if ignore:
        config.ignore = _split(ignore)
        config.origins["ignore"] = "--ignore"
    if fail_on:
        config.fail_on = fail_on
    if profile:
        config.profile = profile
        config.profiles = {}  # an explicit --profile applies to every file
    if rule_paths:
        config.rules = [*config.rules, *[os.path.abspath(p) for p in rule_paths]]
    apply_limits(config, max_file_size, read_timeout)
    return config


def apply_limits(config: Any, max_file_size: str | None, read_timeout: str | None) -> None:
    """--max-file-size and --read-timeout onto ``config``; a bad value exits with 2."""
    from .config import parse_read_timeout

    if max_file_size is not None:
        try:
            config.max_file_size = parse_size(max_file_size)
        except click.BadParameter as exc:
            fail(f"policylint: error: --max-file-size: {exc.message}")
            sys.exit(EXIT_USAGE)
    if read_timeout is not None:
        try:
            config.read_timeout = parse_read_timeout(read_timeout)
        except ValueError as exc:
            fail(f"policylint: error: --read-timeout: {exc}")
            sys.exit(EXIT_USAGE)


def planned_reads(config: Any, items: Sequence[Any], extra: Sequence[str | None] = ()) -> list[str]:
    """Every file a run reads besides standard input: the documents (found in folders
    too), the configuration file, the rule files (bundled and extra) and ``extra``
    (a baseline). Outputs are checked against all of them before anything is read."""
    from .engine.loader import bundled_rules_dir, rule_files

    reads = [item.path for item in items if not item.stdin and item.error is None]
    if config.source_path is not None:
        reads.append(str(config.source_path))
    reads.extend(str(p) for p in rule_files([bundled_rules_dir(), *config.rules]))
    reads.extend(p for p in extra if p)
    return reads


def handle_rule_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .config import ConfigError
        from .engine.loader import RuleError

        try:
            return func(*args, **kwargs)
        except RuleError as exc:
            for problem in exc.problems:
                fail(problem)
            sys.exit(EXIT_USAGE)
        except ConfigError as exc:
            fail(str(exc))
            sys.exit(EXIT_USAGE)

    return wrapper


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="policylint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Lint therapist workplace and training policies for martyr culture.

    \b
    policylint handbook.docx          check a document (same as `policylint check`)
    policylint syllabi/               check every .docx/.pdf/.md/.txt/.html in a folder
    policylint extract handbook.docx  show the text policylint reads
    policylint rules list             list the rules

    Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 a file could not
    be read or the rules/config are invalid.
    """


# -- check ---------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default=None,
    help="Output format [default: text; github under GITHUB_ACTIONS=true].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the output to FILE instead of stdout.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the HTML report here [default with text output: policylint-report.html].",
)
@click.option("--no-report", is_flag=True, help="Do not write the HTML report.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output [default: when writing to a terminal].",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Record the current findings in FILE (for --baseline later).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="POLICYLINT_CACHE_DIR",
    help="Where to keep cached results [default: the user cache folder].",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write cached results.")
@lint_options
@handle_rule_errors
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    report_path: str | None,
    no_report: bool,
    color: bool | None,
    baseline_path: str | None,
    write_baseline: str | None,
    cache_dir: str | None,
    no_cache: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    profile: str | None,
    rule_paths: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_file_size: str | None,
    read_timeout: str | None,
    stdin_filename: str | None,
    debug: bool,
) -> None:
    """Check documents and folders (PATH may be '-' for stdin)."""
    from . import api
    from .outputs import OutputError, check_outputs, write_atomic
    from .safety import display_path

    config = build_config(
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        profile=profile,
        rule_paths=rule_paths,
        config_file=config_file,
        no_config=no_config,
        max_file_size=max_file_size,
        read_timeout=read_timeout,
    )
    if not no_cache:
        from .cache import default_dir

        config.cache_dir = cache_dir or str(default_dir())
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    html_target = None
    if not no_report and fmt != "html" and _html_available():
        if report_path:
            html_target = report_path
        elif fmt == "text" and not output:
            html_target = "policylint-report.html"
    outputs = {
        label: path
        for label, path in (
            ("-o", output),
            ("--report" if report_path else "the HTML report", html_target),
            ("--write-baseline", write_baseline),
        )
        if path
    }
    # every file this run will read, folders expanded, before any of it is read: no
    # output may land on one of them (nor on another output)
    items = api.collect(list(paths), config, stdin_name=stdin_filename, outputs=outputs.values())
    try:
        check_outputs(
            outputs,
            planned_reads(config, items, [baseline_path]),
            may_replace={"--write-baseline": baseline_path} if baseline_path else None,
        )
    except OutputError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    baseline = None
    if baseline_path:
        from .baseline import BaselineError, load

        try:
            baseline = load(baseline_path)
        except BaselineError as exc:
            fail(str(exc))
            sys.exit(EXIT_USAGE)

    report = api.lint(list(paths), config, debug=debug, items=items)
    if write_baseline:
        from .baseline import dump

        try:
            write_atomic(write_baseline, dump(report, write_baseline))
        except OutputError as exc:
            fail(str(exc))
            sys.exit(EXIT_USAGE)
        n = sum(1 for f in report.findings())
        fail(f"Wrote {display_path(write_baseline)}: {n} finding{'s' if n != 1 else ''} accepted.")
    if baseline is not None:
        baseline.apply(report)
    for result in report.files:
        if result.error:
            fail(f"{result.path}: error: {result.error}")
    for problem in report.problems:
        fail(f"policylint: error: {problem}")

    colour = color if color is not None else (output is None and sys.stdout.isatty())
    text = render(report, fmt, colour=colour)
    try:
        if output:
            write_atomic(output, text)
        else:
            show(text, colour=colour)
        if html_target:
            write_atomic(html_target, render(report, "html"))
            if fmt == "text" and not output:
                click.echo(f"Report: {display_path(html_target)}")
    except OutputError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    sys.exit(report.exit_code())


def _html_available() -> bool:
    from importlib.util import find_spec

    return find_spec("policylint.formatters.html") is not None


def render(report: Any, fmt: str, *, colour: bool = False) -> str:
    if fmt == "json":
        from .formatters import json as json_fmt

        return json_fmt.render(report)
    if fmt == "text":
        from .formatters import text as text_fmt

        return text_fmt.render(report, colour=colour, width=_width())
    if fmt == "html":
        from .formatters import html as html_fmt

        return html_fmt.render(report)
    if fmt == "sarif":
        from .formatters import sarif as sarif_fmt

        return sarif_fmt.render(report)
    from .formatters import github as github_fmt

    return github_fmt.render(report)


def _width() -> int:
    import shutil

    return min(120, shutil.get_terminal_size((100, 24)).columns)


# -- init ------------------------------------------------------------------------


@cli.command()
def init() -> None:
    """Write a commented starter .policylint.yaml in the current folder."""
    from .config import CONFIG_NAMES, write_starter

    try:
        path = write_starter()
    except FileExistsError:
        fail(f"{CONFIG_NAMES[0]}: error: already exists; not overwriting it")
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        fail(f"{CONFIG_NAMES[0]}: error: cannot write: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    click.echo(f"Wrote {path.name}: uncomment the settings you want.")


# -- extract ---------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json")), default="text", help="Output format."
)
@click.option(
    "--stdin-filename",
    default=None,
    metavar="NAME",
    help="Name for input read from '-'; its extension picks the format [default: Markdown].",
)
@click.option(
    "--max-file-size", default=None, metavar="SIZE", help="Refuse larger inputs [default: 50MB]."
)
@click.option(
    "--read-timeout",
    default=None,
    metavar="SECONDS",
    help="Seconds allowed for reading a file, per MB of it (plus 2 MB) [default: 5].",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def extract(
    paths: tuple[str, ...],
    fmt: str,
    stdin_filename: str | None,
    max_file_size: str | None,
    read_timeout: str | None,
    debug: bool,
) -> None:
    """Show exactly the text policylint will lint, block by block.

    Use it to answer "why wasn't this clause found?": each block shows its kind,
    its section and where it is in the file.
    """
    import json

    from . import api
    from .config import Config
    from .formatters.location import short_location

    config = Config()
    apply_limits(config, max_file_size, read_timeout)
    results = api.extract(list(paths), config, stdin_name=stdin_filename, debug=debug)
    for r in results:
        if r.error:
            fail(f"{r.path}: error: {r.error}")
    if fmt == "json":
        files = []
        for r in results:
            entry: dict[str, Any] = {"path": r.path, "format": r.format, "error": r.error}
            if r.document is not None:
                entry.update(r.document.to_json())
                entry["error"] = None
            else:
                entry["words"] = 0
                entry["blocks"] = []
            files.append(entry)
        show(json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n")
    else:
        lines = []
        for r in results:
            if r.document is None:
                continue
            doc = r.document
            lines.append(
                f"== {r.path} ({doc.format}, {len(doc.blocks)} blocks, {doc.words:,} words)"
            )
            for block in doc.blocks:
                loc = block.start
                where = short_location(doc.format, loc.line, loc.column, loc.page) or "-"
                section = f" [{block.section_path}]" if block.section_path else ""
                label = f"{block.label} " if block.label else ""
                lines.append(f"{where:>8} {block.kind:<13}{section} {label}{block.text}")
        if lines:
            show("\n".join(lines) + "\n")
    sys.exit(EXIT_USAGE if any(r.error for r in results) else EXIT_OK)


# -- rules -----------------------------------------------------------------------------


@cli.group()
def rules() -> None:
    """List, show, validate and test rules."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Extra rule files or folders.",
)
@handle_rule_errors
def rules_list(fmt: str, rule_paths: tuple[str, ...]) -> None:
    """List the rules (id, category, severity, title)."""
    import json

    from .engine.loader import load_rules

    ruleset = load_rules(extra=rule_paths)
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "category": r.category,
                "severity": str(r.severity),
                "title": r.title,
                "scope": r.scope,
                "profiles": sorted(r.profiles),
                "source": r.source,
            }
            for r in ruleset
        ]
        click.echo(json.dumps({"rules_version": ruleset.version, "rules": data}, indent=2))
        return
    width = max((len(r.id) for r in ruleset), default=10)
    for r in ruleset:
        click.echo(f"{r.id:<{width}}  {r.severity!s:<7}  {r.title}")
    click.echo(
        f"\n{len(ruleset)} rules in {len(ruleset.categories)} categories "
        f"(rules version {ruleset.version})."
    )


@rules.command("show")
@click.argument("rule_id")
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Extra rule files or folders.",
)
@handle_rule_errors
def rules_show(rule_id: str, rule_paths: tuple[str, ...]) -> None:
    """Print a rule with its explanation, examples and suggested rewrite."""
    import textwrap

    from .engine.loader import load_rules

    ruleset = load_rules(extra=rule_paths)
    rule = ruleset.get(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, [r.id for r in ruleset], n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `policylint rules list`."
        fail(f"policylint: error: no rule {rule_id!r}.{hint}")
        sys.exit(EXIT_USAGE)
    from .api import get_engine
    from .config import Config

    engine = get_engine(ruleset, Config())
    sample = None
    if rule.flag_examples:
        found = engine.check_text(rule.flag_examples[0], rule)
        sample = found[0] if found else None

    def para(title: str, body: str) -> None:
        click.echo(click.style(title, bold=True))
        for chunk in body.split("\n\n"):
            click.echo(textwrap.fill(chunk, 88, initial_indent="  ", subsequent_indent="  "))
        click.echo()

    click.echo(click.style(f"{rule.id}", bold=True) + f"  ({rule.severity}, {rule.category})")
    click.echo(f"{sample.title if sample else rule.title}\n")
    para("Why it matters", rule.why)
    if rule.scope == "document":
        para(
            "Applies to",
            f"{', '.join(sorted(rule.profiles))} documents, as a whole "
            "(fires when nothing in the document matches)",
        )
    click.echo(click.style("Flags", bold=True))
    for ex in rule.flag_examples:
        click.echo(f"  ✗ {ex}")
    click.echo(click.style("\nDoes not flag", bold=True))
    for ex in rule.pass_examples:
        click.echo(f"  ✓ {ex}")
    click.echo()
    if sample is not None:
        para("Message (on the first example)", sample.message)
        for i, s in enumerate(sample.suggestions, 1):
            para(
                f"Suggested rewrite {i}" if len(sample.suggestions) > 1 else "Suggested rewrite", s
            )
    else:
        for s in rule.suggest:
            para("Suggested rewrite (template)", s)
    if rule.params:
        para(
            "Params (override in .policylint.yaml under params)",
            ", ".join(f"{k} = {v}" for k, v in rule.params.items()),
        )
    if rule.references:
        click.echo(click.style("References", bold=True))
        for ref in rule.references:
            click.echo(f"  - {ref}")
    click.echo(f"\nDefined in {rule.source}:{rule.line}")


@rules.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
def rules_validate(paths: tuple[str, ...]) -> None:
    """Check rule files: schema, regexes, token patterns and templates."""
    from .engine.loader import RuleError, load_rules

    try:
        ruleset = load_rules(paths)
    except RuleError as exc:
        for problem in exc.problems:
            fail(problem)
        sys.exit(EXIT_USAGE)
    problems = _engine_problems(ruleset)
    if problems:
        for problem in problems:
            fail(problem)
        sys.exit(EXIT_USAGE)
    click.echo(f"{len(ruleset)} rules OK in {len(ruleset.sources)} file(s).")


def _engine_problems(ruleset: Any) -> list[str]:
    """Problems only the compiled engine finds: token patterns, and templates that
    fail when rendered on the rule's first flag example."""
    from .api import get_engine
    from .config import Config
    from .engine.check import template_problems
    from .engine.loader import RuleError

    try:
        engine = get_engine(ruleset, Config())
    except RuleError as exc:
        return exc.problems
    return template_problems(engine, ruleset.rules)


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH...]")
@click.option("-v", "--verbose", is_flag=True, help="List every rule tested.")
def rules_test(paths: tuple[str, ...], verbose: bool) -> None:
    """Run every rule's examples: each 'flag' example must fire the rule, each
    'pass' example must not. Tests the bundled rules when no PATH is given."""
    from .api import get_engine
    from .config import Config
    from .engine.check import example_failures
    from .engine.loader import RuleError, load_rules

    try:
        ruleset = load_rules(paths or None)
        engine = get_engine(ruleset, Config())
    except RuleError as exc:
        for problem in exc.problems:
            fail(problem)
        sys.exit(EXIT_USAGE)
    failures = _engine_problems(ruleset) + example_failures(engine, ruleset.rules)
    n_examples = sum(len(r.flag_examples) + len(r.pass_examples) for r in ruleset)
    if verbose:
        for r in ruleset:
            click.echo(f"  {r.id}: {len(r.flag_examples)} flag, {len(r.pass_examples)} pass")
    for failure in failures:
        fail(failure)
    if failures:
        click.echo(f"{len(failures)} failure(s) in {len(ruleset)} rules ({n_examples} examples).")
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{len(ruleset)} rules, {n_examples} examples: all pass.")


# -- annotate --------------------------------------------------------------------


@cli.command()
@click.argument("file", metavar="FILE.docx")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the annotated copy here [default: FILE.policylint.docx beside FILE].",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--suggest-edits",
    is_flag=True,
    help="Also write each finding's first rewrite as a tracked change.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Leave out the findings this baseline file accepts.",
)
@lint_options
@handle_rule_errors
def annotate(
    file: str,
    output: str | None,
    force: bool,
    suggest_edits: bool,
    baseline_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    profile: str | None,
    rule_paths: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_file_size: str | None,
    read_timeout: str | None,
    stdin_filename: str | None,
    debug: bool,
) -> None:
    """Write a copy of a .docx with a Word comment on every finding.

    Each comment sits on the flagged words and gives the severity, the rule, what is
    wrong, why it matters and the suggested rewrite. With --suggest-edits the
    rewrites are also tracked changes that Word's Accept/Reject can take or leave.
    The input is never modified.

    \b
    policylint annotate handbook.docx                  -> handbook.policylint.docx
    policylint annotate handbook.docx --suggest-edits  -> ... plus tracked changes
    policylint annotate handbook.docx -o review.docx --force
    """
    from . import api
    from .annotate import AnnotateError, annotate_docx, default_output_path, read_input
    from .documents import DocumentError, format_for, read_bytes
    from .outputs import OutputError, check_outputs, write_atomic
    from .safety import display_path

    config = build_config(
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        profile=profile,
        rule_paths=rule_paths,
        config_file=config_file,
        no_config=no_config,
        max_file_size=max_file_size,
        read_timeout=read_timeout,
    )
    shown = display_path(file)
    if file == "-" or stdin_filename:
        fail("policylint: error: annotate needs the path of a .docx file; it cannot read stdin")
        sys.exit(EXIT_USAGE)
    if format_for(file) != "docx":
        ext = display_path(os.path.splitext(file)[1] or "(no extension)")
        fail(
            f"{shown}: error: annotate writes Word comments, so it needs a .docx file, "
            f"not {ext}; use `policylint check {shown}` for other formats"
        )
        sys.exit(EXIT_USAGE)
    target = output or str(default_output_path(file))
    try:
        if format_for(target) != "docx":
            raise OutputError(
                f"{display_path(target)}: error: the annotated copy must be a .docx file; "
                "choose a name ending in .docx"
            )
        # never over the input, the configuration, a rule file or the baseline
        check_outputs(
            {"the annotated copy": target},
            planned_reads(config, [api.Input(file)], [baseline_path]),
        )
        if os.path.lexists(target) and not force:
            raise OutputError(
                f"{display_path(target)}: error: already exists; use --force to overwrite "
                "it, or -o to choose another name"
            )
    except OutputError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    baseline = None
    if baseline_path:
        from .baseline import BaselineError, load

        try:
            baseline = load(baseline_path)
        except BaselineError as exc:
            fail(str(exc))
            sys.exit(EXIT_USAGE)

    limits = config.limits()
    try:
        # read once: the very bytes that are linted are the ones annotated
        data = read_input(file, limits)
    except DocumentError as exc:
        fail(f"{shown}: error: {exc}")
        sys.exit(EXIT_USAGE)
    report = api.lint(["-"], config, stdin_name=file, stdin=data, debug=debug)
    if baseline is not None:
        baseline.apply(report)
    for problem in report.problems:
        fail(f"policylint: error: {problem}")
    result = report.files[0]
    if result.error:
        fail(f"{shown}: error: {result.error}")
        sys.exit(EXIT_USAGE)
    try:
        document = result.document or read_bytes(data, file, "docx", limits)
        annotated = annotate_docx(
            data,
            document,
            result.findings,
            why={rule.id: rule.why for rule in report.ruleset},
            suggest_edits=suggest_edits,
            limits=limits,
        )
    except (AnnotateError, DocumentError) as exc:
        fail(f"{shown}: error: {exc}")
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug must end in one clear line, not a traceback
        fail(f"{shown}: error: {api.internal_error(exc, 'annotating the file', debug)}")
        sys.exit(EXIT_USAGE)
    if annotated.existing:
        fail(
            f"{shown}: warning: it already holds {annotated.existing} policylint comment(s); "
            "annotate the original document to avoid duplicates"
        )
    try:
        write_atomic(target, annotated.data)
    except OutputError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    n = annotated.comments
    summary = (
        f"Wrote {display_path(target)}: {n} comment{'' if n == 1 else 's'} "
        f"({annotated.exact} anchored on the exact words, {annotated.on_paragraph} on the "
        f"paragraph), {annotated.edits} suggested edit{'' if annotated.edits == 1 else 's'}"
    )
    if suggest_edits and annotated.edits_skipped:
        summary += f" ({annotated.edits_skipped} left as comments only; their comments say why)"
    show(summary + "\n")
    sys.exit(report.exit_code())


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="policylint")


if __name__ == "__main__":  # pragma: no cover
    main()

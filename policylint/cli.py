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
from pathlib import Path
from typing import Any

import click

from . import __version__
from .findings import FAIL_ON, PROFILES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

FORMAT_CHOICES = ("text", "json", "html", "sarif", "github")


class DefaultGroup(click.Group):
    """``policylint PATH...`` means ``policylint check PATH...``.

    A first word that is not a command is taken as a path, unless it looks like a
    mistyped command: a lower-case word with no dot or slash that names no existing
    file or folder. Then click reports the unknown command with its "did you mean"
    (``policylint anotate x.docx``), rather than checking two missing files and
    writing an empty report. Without arguments the help is shown."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (
            args
            and args[0] not in self.commands
            and args[0] not in ("--help", "-h", "--version")
            and not _looks_like_command(args[0])
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            name = args[0] if args else ""
            if not name or self.get_command(ctx, name) is not None:
                raise
            close = difflib.get_close_matches(name, list(self.commands))
            if close:
                if "did you mean" in exc.format_message().lower():
                    raise  # click's own suggestion (click 8.4 and later)
                raise click.UsageError(
                    f"No such command {name!r}. Did you mean {close[0]!r}?", ctx
                ) from None
            commands = ", ".join(sorted(self.commands))
            raise click.UsageError(
                f"{name!r} is neither a command nor a file or folder. Commands: {commands}.",
                ctx,
            ) from None


def _looks_like_command(word: str) -> bool:
    import re

    return re.fullmatch(r"[a-z][a-z-]*", word) is not None and not os.path.lexists(word)


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

    click.echo(terminal_safe(text, keep_sgr=colour), nl=False, color=colour)


def lint_options_for(*, stdin: bool = True, fail_on: bool = True) -> Callable[..., Any]:
    """Options shared by every command that lints (check, annotate); annotate reads
    no stdin and sets no exit code from findings, so it leaves those out."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        return _lint_options(func, stdin=stdin, fail_on=fail_on)

    return decorate


def _lint_options(func: Callable[..., Any], *, stdin: bool, fail_on: bool) -> Callable[..., Any]:
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
            help="Kind of document, for every file; selects the document-level checks "
            "[default: detected from each document's text, else handbook].",
        ),
        click.option(
            "--jurisdiction",
            "jurisdiction",
            multiple=True,
            metavar="CODE",
            help="Also compare clauses with this jurisdiction's legal floors, e.g. US-CA "
            "(repeatable, comma-separated; `policylint laws list` shows the codes). A clause "
            "below a floor is an error that cites the law. Not legal advice.",
        ),
        click.option(
            "--employees",
            type=click.IntRange(min=1),
            default=None,
            metavar="N",
            help="The employer's head-count, for legal floors that apply only above a size "
            "[default: unknown, shown as an assumption].",
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
    if not stdin:
        options = [o for o in options if _option_name(o) != "stdin_filename"]
    if not fail_on:
        options = [o for o in options if _option_name(o) != "fail_on"]
    for option in reversed(options):
        func = option(func)
    return func


def _option_name(decorator: Callable[..., Any]) -> str | None:
    """The parameter name a ``click.option(...)`` decorator declares."""

    def probe() -> None: ...

    decorator(probe)
    params = getattr(probe, "__click_params__", [])
    return params[0].name if params else None


lint_options = lint_options_for()


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
    jurisdiction: Sequence[str] = (),
    employees: int | None = None,
):  # type: ignore[no-untyped-def]
    """Defaults < config file < command line."""
    from .config import ConfigError, find_and_load

    try:
        # problems in the file are raised later together with unknown rule names
        # (which need the rules), so that every mistake is reported in one pass
        config = find_and_load(config_file=config_file, no_config=no_config, defer=True)
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
        config.origins["profile"] = "--profile"
        config.profiles = {}  # an explicit --profile applies to every file
    if rule_paths:
        config.rules = [*config.rules, *[os.path.abspath(p) for p in rule_paths]]
    if jurisdiction:
        config.jurisdiction = jurisdiction_codes(jurisdiction)
        config.origins["jurisdiction"] = "--jurisdiction"
        config.jurisdictions = {}  # an explicit --jurisdiction applies to every file
    if employees is not None:
        config.employees = employees
    apply_limits(config, max_file_size, read_timeout)
    return config


def jurisdiction_codes(values: Sequence[str]) -> list[str]:
    """--jurisdiction values as known codes; an unknown one is a usage error (exit 2)
    with close codes suggested."""
    from .laws import LawError, UnknownJurisdiction, bundled

    out = []
    for value in _split(values):
        try:
            out.append(bundled().jurisdiction(value).code)
        except UnknownJurisdiction as exc:
            hint = "" if exc.suggestions else " See `policylint laws list`."
            fail(f"policylint: error: --jurisdiction: {exc}{hint}")
            sys.exit(EXIT_USAGE)
        except LawError as exc:
            for problem in exc.problems:
                fail(problem)
            sys.exit(EXIT_USAGE)
    return list(dict.fromkeys(out))


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


@click.group(
    cls=DefaultGroup,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    __version__, "--version", prog_name="policylint", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Lint therapist workplace and training policies for martyr culture.

    \b
    policylint handbook.docx            check a document (same as `policylint check`)
    policylint syllabi/                 check every .docx/.pdf/.md/.txt/.html in a folder
    policylint annotate handbook.docx   a copy of a Word file with the findings as comments
    policylint extract handbook.docx    show the text policylint reads
    policylint rules list               list the rules (`rules show RULE` for one)

    Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 a file could not
    be read, nothing was read, or the rules/config are invalid.
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
@click.option("-v", "--verbose", is_flag=True, help="Show each clause's sentence, why and rewrite.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the HTML report here (overwriting it) [default with text output: "
    "NAME.policylint.html in the current folder, named for the input].",
)
@click.option("--no-report", is_flag=True, help="Do not write the HTML report.")
@click.option("--force", is_flag=True, help="Overwrite an existing report of the default name.")
@click.option("--open", "open_report", is_flag=True, help="Open the report in the browser.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text output, also into a pipe or file [default: on a terminal, "
    "unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it].",
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
    help="Record the current findings in FILE (for --baseline later) and exit.",
)
@click.option(
    "--allow-excluded",
    is_flag=True,
    help="Exit 0, not 2, when every file named is excluded by the configuration "
    "(for hooks that pass file names).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="POLICYLINT_CACHE_DIR",
    help="Where to keep cached results [default: the user cache folder].",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write cached results.")
# hidden: the day legal floors' verification dates are measured from (for tests)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Check files in N worker processes [default: one per CPU, at most one per file].",
)
@lint_options
@handle_rule_errors
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    verbose: bool,
    quiet: bool,
    report_path: str | None,
    no_report: bool,
    force: bool,
    open_report: bool,
    color: bool | None,
    baseline_path: str | None,
    write_baseline: str | None,
    allow_excluded: bool,
    cache_dir: str | None,
    no_cache: bool,
    today: Any,
    jobs: int,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    profile: str | None,
    jurisdiction: tuple[str, ...],
    employees: int | None,
    rule_paths: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_file_size: str | None,
    read_timeout: str | None,
    stdin_filename: str | None,
    debug: bool,
) -> None:
    """Check documents and folders (PATH may be '-' for stdin).

    \b
    By default: one line per flagged clause, a summary by policy area, the profile
    each document was checked as, and an HTML report named for the input
    (handbook.docx -> handbook.policylint.html) in the current folder.
    """
    from . import api, terminal
    from .outputs import OutputError, check_outputs, write_atomic

    if verbose and quiet:
        fail("policylint: error: --verbose and --quiet cannot be used together")
        sys.exit(EXIT_USAGE)
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
        jurisdiction=jurisdiction,
        employees=employees,
    )
    if not no_cache:
        from .cache import default_dir

        config.cache_dir = cache_dir or str(default_dir())
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    html_target, note = (
        _report_target(paths, fmt, output, report_path, no_report, force, stdin_filename)
        if _html_available()
        else (None, None)
    )
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
    excluded: list[str] = []
    items = api.collect(
        list(paths),
        config,
        stdin_name=stdin_filename,
        outputs=outputs.values(),
        excluded=excluded,
    )
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

    # on stderr, only when it is a terminal and there are many files (any format)
    progress = terminal.Progress()
    try:
        report = api.lint(
            list(paths),
            config,
            debug=debug,
            items=items,
            progress=progress,
            jobs=jobs,
            excluded=excluded,
        )
    finally:
        progress.clear()
    if today is not None:
        report.today = today.date()
    err_colour = terminal.use_colour(color, sys.stderr)
    for result in report.files:
        if result.error:
            fail(f"{result.path}: error: {result.error}")
    for problem in report.problems:
        fail(f"policylint: error: {problem}")
    nothing_read = not report.read
    if nothing_read and (fmt == "text" or write_baseline):
        sys.exit(_nothing_read(report, allow_excluded, err_colour))
    if write_baseline:
        sys.exit(_write_baseline(report, write_baseline))
    if baseline is not None:
        baseline.apply(report)

    colour = terminal.use_colour(color, None if output is None else _NoTty())
    text = render(report, fmt, colour=colour, verbose=verbose, quiet=quiet)
    try:
        if output:
            write_atomic(output, text)
        elif text:
            show(text, colour=colour)
        if html_target is not None and not nothing_read:
            write_atomic(html_target, render(report, "html"))
            if fmt == "text" and not output:
                _echo_report_line(html_target, note, colour)
        if fmt == "text" and not output and not quiet:
            _annotate_hint(report, colour)
    except OutputError as exc:
        fail(str(exc))
        sys.exit(EXIT_USAGE)
    if nothing_read:
        # machine formats still got their output above (the errors are in it)
        sys.exit(_nothing_read(report, allow_excluded, err_colour))
    if open_report:
        _open_report(html_target if fmt != "html" else (Path(output) if output else None))
    sys.exit(report.exit_code())


class _NoTty:
    """Stands for an output file: never a terminal."""

    def isatty(self) -> bool:
        return False


def _nothing_read(report: Any, allow_excluded: bool, colour: bool) -> int:
    """No document was read: say so in red on stderr and return the exit code (2, or
    0 with --allow-excluded when every file named was excluded on purpose)."""
    n_errors = len(report.errors)
    n_excluded = len(report.excluded)
    if allow_excluded and n_excluded and not n_errors and not report.problems:
        click.echo(
            f"Nothing to check: {n_excluded} file{'s' if n_excluded != 1 else ''} "
            "excluded by the configuration.",
            err=True,
        )
        return EXIT_OK
    if n_errors == 1 and not n_excluded and not report.problems:
        # the one file named has said why on its own line: one clear line is enough
        return EXIT_USAGE
    why = []
    if n_errors:
        why.append(f"{n_errors} could not be read")
    if n_excluded:
        why.append(f"{n_excluded} excluded by the configuration's exclude")
    if not why:
        why.append("no supported files were found")
    message = (
        f"policylint: error: no document was read ({'; '.join(why)}), so nothing was "
        "checked and no report was written."
    )
    click.echo(
        click.style(message, fg="red", bold=True) if colour else message, err=True, color=colour
    )
    return EXIT_USAGE


def _write_baseline(report: Any, path: str) -> int:
    """``--write-baseline``: record the findings, say how many, write nothing else."""
    from .baseline import dump
    from .outputs import OutputError, write_atomic

    try:
        write_atomic(path, dump(report, path))
    except OutputError as exc:
        fail(str(exc))
        return EXIT_USAGE
    n = sum(1 for f in report.findings())
    click.echo(
        f"Wrote {path}: {n} finding{'s' if n != 1 else ''} accepted. "
        f"Later runs with --baseline {path} report only new findings.",
        err=True,
    )
    return EXIT_USAGE if report.errors or report.problems else EXIT_OK


def _report_target(
    paths: Sequence[str],
    fmt: str,
    output: str | None,
    report_path: str | None,
    no_report: bool,
    force: bool,
    stdin_filename: str | None,
) -> tuple[Path | None, str | None]:
    """Where to write the HTML report (None: not at all), and a note for the user."""
    from .report_file import choose

    if no_report or fmt == "html":
        return None, None
    if report_path:
        return Path(report_path), None
    if fmt != "text" or output:
        return None, None
    return choose(paths, force=force, stdin_name=stdin_filename)


def _echo_report_line(target: Path, note: str | None, colour: bool) -> None:
    shown = str(target.resolve())
    line = f"Report: {shown}"
    if note:
        line += f" ({note})"
    click.echo(line, color=colour)


def _annotate_hint(report: Any, colour: bool) -> None:
    """For Word files with findings: how to get them as comments in a copy."""
    docx = [r for r in report.read if r.format == "docx" and r.active]
    if not docx:
        return
    from .terminal import width, wrap

    example = docx[0].path
    quoted = example if " " not in example else f'"{example}"'
    more = " (one file at a time)" if len(docx) > 1 else ""
    text = (
        f"To review in Word: policylint annotate {quoted} --suggest-edits writes a copy "
        f"with each flagged clause as a comment and its rewrite as a tracked change{more}."
    )
    for line in wrap(text, width(), subsequent_indent="  "):
        click.echo(line, color=colour)


def _open_report(path: Path | None) -> None:
    from .report_file import open_in_browser

    if path is None or not path.exists():
        fail("policylint: warning: --open: no HTML report was written to open")
        return
    if not open_in_browser(path):
        fail(f"policylint: warning: --open: could not start a browser; open {path} by hand")


def _html_available() -> bool:
    from importlib.util import find_spec

    return find_spec("policylint.formatters.html") is not None


def render(
    report: Any, fmt: str, *, colour: bool = False, verbose: bool = False, quiet: bool = False
) -> str:
    if fmt == "json":
        from .formatters import json as json_fmt

        return json_fmt.render(report)
    if fmt == "text":
        from .formatters import text as text_fmt

        return text_fmt.render(report, colour=colour, width=_width(), verbose=verbose, quiet=quiet)
    if fmt == "html":
        from .formatters import html as html_fmt

        return html_fmt.render(report)
    if fmt == "sarif":
        from .formatters import sarif as sarif_fmt

        return sarif_fmt.render(report)
    from .formatters import github as github_fmt

    return github_fmt.render(report)


def _width() -> int:
    from .terminal import width

    return width()


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
@click.argument("categories", nargs=-1, metavar="[CATEGORY...]")
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
def rules_list(categories: tuple[str, ...], fmt: str, rule_paths: tuple[str, ...]) -> None:
    """List the rules (id, severity, title), or only those of some CATEGORYs.

    \b
    policylint rules list                  every rule
    policylint rules list grief-leave      the rules of one policy area
    """
    import json

    from . import ruletext
    from .engine.loader import load_rules

    ruleset = load_rules(extra=rule_paths)
    wanted = _check_categories(categories)
    chosen = [r for r in ruleset if not wanted or r.category in wanted]
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "category": r.category,
                "severity": str(r.severity),
                "title": ruletext.title(r),
                "scope": r.scope,
                "profiles": sorted(r.profiles),
                "source": r.source,
            }
            for r in chosen
        ]
        click.echo(json.dumps({"rules_version": ruleset.version, "rules": data}, indent=2))
        return
    width = max((len(r.id) for r in chosen), default=10)
    for r in chosen:
        click.echo(f"{r.id:<{width}}  {r.severity!s:<7}  {ruletext.title(r)}")
    n_categories = len({r.category for r in chosen})
    click.echo(
        f"\n{len(chosen)} rules in {n_categories} "
        f"categor{'y' if n_categories == 1 else 'ies'} (rules version {ruleset.version}). "
        "`policylint rules show RULE` shows one."
    )


def _check_categories(names: Sequence[str]) -> set[str]:
    """The categories named, or a usage error with a suggestion."""
    import difflib

    from .findings import CATEGORIES

    for name in names:
        if name not in CATEGORIES:
            close = difflib.get_close_matches(name, CATEGORIES, n=1)
            known = ", ".join(CATEGORIES)
            hint = f" Did you mean {close[0]!r}?" if close else f" Categories: {known}."
            fail(f"policylint: error: no category {name!r}.{hint}")
            sys.exit(EXIT_USAGE)
    return set(names)


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
    """Print a rule with its explanation, examples, rewrite and evidence.

    RULE_ID may also be a category (its rules) or a suppression check
    (suppression/unused, suppression/missing-reason, suppression/invalid).
    """
    import textwrap

    from .engine.loader import load_rules

    ruleset = load_rules(extra=rule_paths)
    rule = ruleset.get(rule_id)
    if rule is None and _show_category(rule_id, ruleset):
        return
    if rule is None and _show_suppression_rule(rule_id):
        return
    if rule is None:
        import difflib

        from .findings import CATEGORIES
        from .suppress import RULE_TITLES

        names = [r.id for r in ruleset] + list(CATEGORIES) + list(RULE_TITLES)
        close = difflib.get_close_matches(rule_id, names, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `policylint rules list`."
        fail(f"policylint: error: no rule or category {rule_id!r}.{hint}")
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

    from . import ruletext

    click.echo(click.style(f"{rule.id}", bold=True) + f"  ({rule.severity}, {rule.category})")
    click.echo(f"{ruletext.title(rule)}\n")
    para("Why it matters", rule.why)
    if rule.scope == "document":
        para(
            "Applies to",
            f"{', '.join(sorted(rule.profiles))} documents, as a whole "
            "(fires when nothing in the document matches)",
        )
    from .engine.explain import concepts_used, describe_match

    def _fill(text: str, width: int, **kw: str) -> str:
        return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False, **kw)

    click.echo(click.style("How it matches", bold=True))
    for line in describe_match(rule):
        indent = " " * (2 + len(line) - len(line.lstrip()))
        click.echo(_fill(line.strip(), 88, initial_indent=indent, subsequent_indent=indent + "  "))
    click.echo()
    used = concepts_used(rule, ruleset.concepts)
    if used:
        click.echo(click.style("Concepts (words match with their inflections)", bold=True))
        for c in used:
            name = "its own terms" if c.name.startswith("~") else c.name
            head = f"{name}: {c.description}" if c.description else name
            click.echo(_fill(head, 88, initial_indent="  ", subsequent_indent="    "))
            terms = "; ".join(c.terms)
            click.echo(_fill(terms, 88, initial_indent="    ", subsequent_indent="    "))
            if c.exclude:
                click.echo(
                    _fill(
                        "except: " + "; ".join(c.exclude),
                        88,
                        initial_indent="    ",
                        subsequent_indent="    ",
                    )
                )
        click.echo()
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
            para("Suggested rewrite", ruletext.render(rule, s))
    if rule.params:
        para(
            "Params (override in .policylint.yaml under params)",
            ", ".join(f"{k} = {v}" for k, v in rule.params.items()),
        )
    _echo_evidence(rule)
    click.echo(f"\nDefined in {rule.source}:{rule.line}")


def _echo_evidence(rule: Any) -> None:
    """The rule's sources with their links, and where the evidence page is."""
    from .references import evidence_file, evidence_url, rule_references

    refs = rule_references(rule)
    click.echo(click.style("Evidence and law", bold=True))
    for ref in refs:
        click.echo(f"  - {ref.text}")
        if ref.url:
            click.echo(f"    {ref.url}")
    local = evidence_file()
    click.echo(f"  - The research and law behind {rule.category}: {evidence_url(rule.category)}")
    if local is not None:
        click.echo(f"    (on this computer: {local})")


def _show_category(name: str, ruleset: Any) -> bool:
    """``rules show CATEGORY``: the area's rules and where its evidence is."""
    from . import ruletext
    from .findings import CATEGORIES, CATEGORY_TITLES
    from .references import evidence_file, evidence_url

    if name not in CATEGORIES:
        return False
    chosen = [r for r in ruleset if r.category == name]
    click.echo(click.style(name, bold=True) + f"  ({CATEGORY_TITLES[name]})")
    click.echo(f"{len(chosen)} rule{'s' if len(chosen) != 1 else ''}:\n")
    width = max((len(r.id) for r in chosen), default=10)
    for r in chosen:
        click.echo(f"  {r.id:<{width}}  {r.severity!s:<7}  {ruletext.title(r)}")
    click.echo(f"\nThe research and law behind this area: {evidence_url(name)}")
    local = evidence_file()
    if local is not None:
        click.echo(f"(on this computer: {local})")
    click.echo("`policylint rules show RULE` shows one rule with its examples and rewrite.")
    return True


def _show_suppression_rule(rule_id: str) -> bool:
    """``rules show suppression/...``: the built-in checks of suppression comments."""
    import textwrap

    from .suppress import RULE_TITLES

    explanations = {
        "suppression/missing-reason": (
            "A policylint-disable comment gives no reason after ' -- '. A suppression is "
            "a decision someone made about a clause; without the reason, the next reader "
            "cannot tell whether it still holds."
        ),
        "suppression/unused": (
            "A policylint-disable comment silenced nothing: the clause it was written for "
            "changed or moved, or it names a rule that does not fire there. Remove it, or "
            "move it next to the clause it is about."
        ),
        "suppression/invalid": (
            "A comment that starts with policylint- is not a directive policylint "
            "understands (a typo such as policylint-disabel), so it silences nothing."
        ),
    }
    if rule_id == "suppression":
        click.echo(click.style("suppression", bold=True) + "  (checks of suppression comments)")
        for rid, title in RULE_TITLES.items():
            click.echo(f"  {rid:<28}  info     {title}")
        click.echo("\nThese are built in (not rule files); see README.md, 'Accepting a clause'.")
        return True
    if rule_id not in RULE_TITLES:
        return False
    click.echo(click.style(rule_id, bold=True) + "  (info, suppression; built in)")
    click.echo(f"{RULE_TITLES[rule_id]}\n")
    click.echo(textwrap.fill(explanations.get(rule_id, ""), 88))
    click.echo(
        "\nA suppression comment looks like this (the reason follows ' -- '):\n"
        "  <!-- policylint-disable-next-line productivity -- set by the county contract -->\n"
        "In .txt files the same words follow '#'; in Word, a comment on the paragraph."
    )
    return True


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


# -- laws ------------------------------------------------------------------------------


def _today_option(func: Callable[..., Any]) -> Callable[..., Any]:
    # hidden: lets tests (and anyone curious) see the freshness check for another day
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)(
        func
    )


def _law_book() -> Any:
    from .laws import LawError, bundled

    try:
        return bundled()
    except LawError as exc:
        for problem in exc.problems:
            fail(problem)
        sys.exit(EXIT_USAGE)


def _report_stale(book: Any, today: Any, code: str | None = None) -> None:
    """Info lines on stderr for floors verified more than a year ago: one per floor for
    `laws show CODE`, one per jurisdiction for `laws list`."""
    import datetime as dt

    from .laws.report import stale_lines, stale_summary

    day = today.date() if today is not None else dt.date.today()
    items = book.stale(day)
    if code is not None:
        lines = stale_lines([s for s in items if s.floor.jurisdiction == code])
    else:
        lines = stale_summary(items)
    for line in lines:
        fail(line)


@cli.group()
def laws() -> None:
    """Legal floors by jurisdiction: statutory minimums with citations and sources.

    \b
    policylint laws list            jurisdictions, their topics and verification dates
    policylint laws show US-CA      each floor: minimum, conditions, citation, source

    Not legal advice; local ordinances are not included.
    """


@laws.command("list")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
@_today_option
def laws_list(fmt: str, today: Any) -> None:
    """List the jurisdictions with their topics and verification dates."""
    from .laws import report

    book = _law_book()
    click.echo(report.list_json(book) if fmt == "json" else report.list_text(book), nl=False)
    _report_stale(book, today)


@laws.command("show")
@click.argument("jurisdiction")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
@_today_option
def laws_show(jurisdiction: str, fmt: str, today: Any) -> None:
    """Print the legal floors of one jurisdiction: US-CA, US-IL, ... or US (federal)."""
    from .laws import UnknownJurisdiction, report

    book = _law_book()
    try:
        found = book.jurisdiction(jurisdiction)
    except UnknownJurisdiction as exc:
        hint = "" if exc.suggestions else " See `policylint laws list`."
        fail(f"policylint: error: {exc}{hint}")
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        click.echo(report.show_json(found), nl=False)
    else:
        click.echo(report.show_text(found, width=_width()), nl=False)
    _report_stale(book, today, found.code)


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
@lint_options_for(stdin=False, fail_on=False)
@handle_rule_errors
def annotate(
    file: str,
    output: str | None,
    force: bool,
    suggest_edits: bool,
    baseline_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    profile: str | None,
    jurisdiction: tuple[str, ...],
    employees: int | None,
    rule_paths: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_file_size: str | None,
    read_timeout: str | None,
    debug: bool,
) -> None:
    """Write a copy of a .docx with a Word comment on every flagged clause.

    Each comment sits on the flagged words and gives the severity, the rules that
    found something in the clause, what is wrong, why it matters and one suggested
    rewrite. With --suggest-edits the rewrites are also tracked changes that Word's
    Accept/Reject can take or leave. The input is never modified. Exit code 0 when
    the copy was written, 2 when it could not be.

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
        profile=profile,
        rule_paths=rule_paths,
        config_file=config_file,
        no_config=no_config,
        max_file_size=max_file_size,
        read_timeout=read_timeout,
        jurisdiction=jurisdiction,
        employees=employees,
    )
    shown = display_path(file)
    if file == "-":
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
    show(
        (
            f"Profile: {result.profile}, {result.profile_reason}; to change it, use --profile."
            if result.profile_reason
            else f"Profile: {result.profile}."
        )
        + "\n"
    )
    # the copy was written: that is success, whatever was found (check sets exit 1)
    sys.exit(EXIT_OK)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="policylint")


if __name__ == "__main__":  # pragma: no cover
    main()

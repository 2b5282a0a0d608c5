"""Terminal conventions (policylint/terminal.py): when to colour, wrapping measured on
the visible text, the progress line."""

from __future__ import annotations

import io

import click
import pytest

from policylint import terminal


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("flag", "env", "tty", "expected"),
    [
        (None, {}, True, True),
        (None, {}, False, False),
        (None, {"NO_COLOR": "1"}, True, False),
        (None, {"NO_COLOR": ""}, True, True),  # empty means unset (no-color.org)
        (None, {"FORCE_COLOR": "1"}, False, True),
        (None, {"FORCE_COLOR": "0"}, False, False),
        (None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        (None, {"TERM": "dumb"}, True, False),
        (None, {"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
        (True, {"NO_COLOR": "1", "TERM": "dumb"}, False, True),  # --color wins, even in a pipe
        (False, {"FORCE_COLOR": "1"}, True, False),  # --no-color wins
    ],
)
def test_use_colour(flag: bool | None, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert terminal.use_colour(flag, Stream(tty), env) is expected


def test_width_from_columns_capped() -> None:
    assert terminal.width({"COLUMNS": "60"}) == 60
    assert terminal.width({"COLUMNS": "300"}) == terminal.MAX_WIDTH


def test_wrap_measures_visible_text_only() -> None:
    text = (
        "Every full-time clinician is required to deliver thirty billable client hours "
        "per week, which is one hundred and twenty billable hours per month."
    )
    a, b = 49, 86
    plain = [(text[:a], text[:a]), (text[a:b], text[a:b]), (text[b:], text[b:])]
    styled = [
        (text[:a], text[:a]),
        (text[a:b], click.style(text[a:b], underline=True, bold=True)),
        (text[b:], text[b:]),
    ]
    for width in (40, 50, 64, 80):
        lines_plain = terminal.wrap(plain, width, initial_indent="    > ", subsequent_indent="  ")
        lines_styled = terminal.wrap(styled, width, initial_indent="    > ", subsequent_indent="  ")
        assert [terminal.unstyle(x) for x in lines_styled] == lines_plain
        assert all(terminal.visible_len(x) <= width for x in lines_styled)
        assert any("\x1b[" in x for x in lines_styled)


def test_wrap_keeps_long_words_whole() -> None:
    lines = terminal.wrap("see https://example.org/" + "a" * 80 + " now", 30)
    assert lines[1].startswith("https://example.org/")


def test_progress_only_on_a_terminal_and_for_many_files() -> None:
    tty = Stream(True)
    p = terminal.Progress(tty, min_files=3)
    for n in range(5):
        p(n, 5, f"file{n}.md")
    p.clear()
    out = tty.getvalue()
    assert "Checking 0/5: file0.md" in out
    assert out.endswith("\r\x1b[2K")  # cleared: nothing left on the line
    few = Stream(True)
    p = terminal.Progress(few, min_files=3)
    p(0, 2, "a.md")
    assert few.getvalue() == ""
    pipe = Stream(False)
    p = terminal.Progress(pipe, min_files=1)
    p(0, 9, "a.md")
    assert pipe.getvalue() == ""


def test_progress_never_prints_control_characters_of_a_path() -> None:
    tty = Stream(True)
    p = terminal.Progress(tty, min_files=1)
    p(0, 1, "evil\x1b]0;title\x07.md")
    assert "\x07" not in tty.getvalue() and "]0;title" in tty.getvalue()

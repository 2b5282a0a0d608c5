"""Configuration: discovery (.policylint.yaml, pyproject.toml), validation with file and
line, precedence (command line over file over defaults), per-path profiles, exclude,
and `policylint init`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policylint.config import (
    KEYS,
    Config,
    ConfigError,
    find_and_load,
    find_config,
    load_config,
)

RULES = Path(__file__).parent / "data" / "suppress_rules.yaml"
CALLING = "martyr-language/test-calling"
REACHABLE = "availability/test-reachable"
ABSENT = "grief-leave/test-no-bereavement"
HARMFUL = "# Policy\n\nOur work is a sacred calling. Staff are reachable at all times.\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def findings(proc: subprocess.CompletedProcess[str]) -> dict[str, list[tuple[str, str]]]:
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    return {
        Path(f["path"]).as_posix(): [(x["rule"], x["severity"]) for x in f["findings"]]
        for f in data["files"]
    }


def write_config(folder: Path, text: str) -> Path:
    path = folder / ".policylint.yaml"
    path.write_text(text.replace("RULES", RULES.as_posix()), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "syllabi").mkdir()
    (tmp_path / "handbooks").mkdir()
    (tmp_path / "handbooks" / "staff.md").write_text(HARMFUL, encoding="utf-8")
    (tmp_path / "syllabi" / "practicum.md").write_text(HARMFUL, encoding="utf-8")
    return tmp_path


def test_discovery_walks_upward_and_prefers_policylint_yaml(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) is None or not str(find_config(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[tool.policylint]\nprofile = 'syllabus'\n")
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no section
    assert find_config(deep) == (tmp_path / "pyproject.toml").resolve()
    write_config(tmp_path, "profile: client-policy\n")
    assert find_config(deep) == (tmp_path / ".policylint.yaml").resolve()
    assert find_and_load(start=deep).profile == "client-policy"
    assert find_and_load(start=deep, no_config=True).profile is None


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.policylint]\nselect = ['productivity']\n"
        "fail-on = 'error'\n\n[tool.policylint.severity]\nmartyr-language = 'warning'\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "pyproject.toml")
    assert config.select == ["productivity"]
    assert config.fail_on == "error"
    assert config.severity == {"martyr-language": "warning"}
    assert config.root == tmp_path.resolve()


def test_pyproject_errors_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.policylint]\nprofile = 'clinic'\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"pyproject.toml:5: error: profile must be one of"):
        load_config(tmp_path / "pyproject.toml")


def test_every_bad_value_is_reported_with_its_line(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "selct: [x]\n"  # 1
        "fail-on: bogus\n"  # 2
        "profiles:\n"  # 3
        "  'syllabi/**': syllabs\n"  # 4
        "max-file-size: lots\n"  # 5
        "severity:\n"  # 6
        "  productivity: fatal\n"  # 7
        "params:\n"  # 8
        "  productivity/x: 5\n"  # 9
        "rules: [missing-folder/]\n",  # 10
    )
    proc = run(tmp_path, "check", "x.md", "--no-report")
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert errors == [
        ".policylint.yaml:1: error: unknown key 'selct' (did you mean 'select'?)",
        ".policylint.yaml:2: error: fail-on must be one of error, warning, info, never, "
        "not 'bogus'",
        ".policylint.yaml:4: error: profiles: 'syllabi/**': must be one of handbook, syllabus, "
        "client-policy, not 'syllabs'",
        ".policylint.yaml:5: error: max-file-size: 'lots' is not a size (e.g. 50MB, 500KB, "
        "1048576)",
        ".policylint.yaml:7: error: severity: 'productivity': must be error, warning or info, "
        "not 'fatal'",
        ".policylint.yaml:9: error: params: 'productivity/x': must map param names to values",
        ".policylint.yaml:10: error: rules: 'missing-folder/' does not exist",
    ]
    assert "Traceback" not in proc.stderr


def test_unknown_rule_names_are_errors_with_lines(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "rules: [RULES]\nselect:\n  - martyr-langauge\nparams:\n"
        "  martyr-language/test-calling:\n    limit: 3\n",
    )
    (tmp_path / "x.md").write_text("Hello.\n", encoding="utf-8")
    proc = run(tmp_path, "check", "x.md", "--no-report")
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        ".policylint.yaml:2: error: select: 'martyr-langauge' is neither a rule id nor a "
        "category (did you mean 'martyr-language'?)",
        ".policylint.yaml:5: error: params: rule 'martyr-language/test-calling' has no param "
        "'limit' (its params: none)",
    ]
    # the same check applies to the command line
    proc = run(tmp_path, "check", "x.md", "--no-report", "--no-config", "--select", "grief")
    assert proc.returncode == 2
    assert proc.stderr.startswith("--select: error: select: 'grief' is neither")


def test_invalid_yaml_and_missing_config_file(tmp_path: Path) -> None:
    write_config(tmp_path, "select: [a\n")
    proc = run(tmp_path, "check", "x.md", "--no-report")
    assert proc.returncode == 2
    assert proc.stderr.startswith(".policylint.yaml:")
    assert "invalid YAML" in proc.stderr
    proc = run(tmp_path, "check", "x.md", "--config", "nope.yaml")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "nope.yaml: error: config file not found"


def test_precedence_and_per_path_profiles(project: Path) -> None:
    write_config(
        project,
        "rules: [RULES]\n"
        f"select: [{CALLING}, {REACHABLE}, {ABSENT}]\n"
        "severity:\n  martyr-language: info\n"
        "profiles:\n  'syllabi/**': syllabus\n",
    )
    base = ("check", "handbooks", "syllabi", "--format", "json")
    got = findings(run(project, *base))
    # per-path profile: the handbook-only absent rule runs on the handbook only;
    # the severity override applies to the category
    assert got == {
        "handbooks/staff.md": [(ABSENT, "warning"), (CALLING, "info"), (REACHABLE, "warning")],
        "syllabi/practicum.md": [(CALLING, "info"), (REACHABLE, "warning")],
    }
    # the command line wins over the file: --select, and --profile for every file
    got = findings(run(project, *base, "--select", CALLING))
    assert got["handbooks/staff.md"] == [(CALLING, "info")]
    got = findings(run(project, *base, "--profile", "syllabus"))
    assert (ABSENT, "warning") not in got["handbooks/staff.md"]
    # a config passed explicitly replaces discovery; --no-config ignores the file
    other = project / "other.yaml"
    other.write_text(f"rules: [{RULES.as_posix()}]\nselect: [{REACHABLE}]\n", encoding="utf-8")
    got = findings(run(project, *base, "--config", "other.yaml"))
    assert got["syllabi/practicum.md"] == [(REACHABLE, "warning")]
    proc = run(project, *base, "--no-config", "--rules", str(RULES), "--select", CALLING)
    assert findings(proc)["syllabi/practicum.md"] == [(CALLING, "warning")]


def test_fail_on_from_file_and_command_line(project: Path) -> None:
    write_config(project, f"rules: [RULES]\nselect: [{CALLING}]\nseverity:\n  {CALLING}: info\n")
    assert run(project, "check", "handbooks", "--no-report").returncode == 0
    (project / ".policylint.yaml").write_text(
        f"rules: [{RULES.as_posix()}]\nselect: [{CALLING}]\nseverity:\n  {CALLING}: info\n"
        "fail-on: info\n",
        encoding="utf-8",
    )
    assert run(project, "check", "handbooks", "--no-report").returncode == 1
    assert run(project, "check", "handbooks", "--no-report", "--fail-on", "never").returncode == 0


def test_exclude_applies_to_folders_and_named_files(project: Path) -> None:
    write_config(project, f"rules: [RULES]\nselect: [{CALLING}]\nexclude: ['syllabi/**']\n")
    got = findings(run(project, "check", ".", "--format", "json"))
    assert list(got) == ["handbooks/staff.md"]
    # a run in which the only file named is excluded reads nothing: exit 2, said so
    proc = run(project, "check", "syllabi/practicum.md", "--format", "json")
    assert proc.returncode == 2
    assert "no document was read (1 excluded by the configuration's exclude)" in proc.stderr
    # ... unless a hook that names files asks for that to pass
    proc = run(project, "check", "syllabi/practicum.md", "--allow-excluded")
    assert proc.returncode == 0, proc.stderr
    assert "Nothing to check: 1 file excluded by the configuration." in proc.stderr


def test_config_found_from_a_subfolder_uses_its_own_root(project: Path) -> None:
    write_config(
        project, f"rules: [RULES]\nselect: [{CALLING}]\nprofiles:\n  'syllabi/': syllabus\n"
    )
    proc = run(project / "syllabi", "check", "practicum.md", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["files"][0]["profile"] == "syllabus"


def test_init_writes_a_valid_commented_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    proc = run(tmp_path, "init")
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / ".policylint.yaml"
    text = path.read_text(encoding="utf-8")
    assert "profiles:" in text and "fail-on" in text
    # every setting is commented out: the starter loads as the defaults
    config = load_config(path)
    assert config.select == [] and config.profile is None and config.fail_on == "warning"
    # with every example setting uncommented, it is a valid configuration for the
    # bundled rules (so the rule ids and params it names exist)
    lines = []
    for line in text.splitlines():
        setting = line[2:].split(":", 1)[0]
        if line.startswith("# ") and (setting in KEYS or line.startswith("#   ")):
            lines.append(line[2:])
    (tmp_path / "policy-rules").mkdir()
    (tmp_path / "policy-rules" / "ours.yaml").write_text("rules: []\n", encoding="utf-8")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "x.md").write_text("Hello.\n", encoding="utf-8")
    proc = run(tmp_path, "check", "x.md", "--no-report")
    assert proc.returncode == 0, (proc.stderr, "\n".join(lines))
    path.write_text(text, encoding="utf-8")
    proc = run(tmp_path, "init")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ".policylint.yaml: error: already exists; not overwriting it"
    assert path.read_text(encoding="utf-8") == text


def test_defaults() -> None:
    config = Config()
    assert config.fail_on == "warning"
    assert config.profile_for("anything.md") == "handbook"

"""Packaging: licence metadata, declared Pythons, extras, version and what the sdist carries.

The sdist itself is built, unpacked and tested by ``.ci/run`` (on 3.12 and 3.13); these tests hold
the declarations it relies on together, so that one cannot drift from another.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import regua
from regua._version import UNKNOWN_VERSION, installed_version

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_comes_from_the_installed_metadata() -> None:
    assert regua.__version__ == version("regua")
    assert installed_version("regua") == regua.__version__


def test_version_of_a_tree_never_installed_says_so() -> None:
    assert installed_version("regua-never-installed") == UNKNOWN_VERSION == "0+unknown"


def test_licence_is_a_pep_639_expression_with_its_file(pyproject: dict[str, Any]) -> None:
    project = pyproject["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "regua developers" in text
    assert not any("License ::" in c for c in project["classifiers"])  # PEP 639: not both
    # setuptools reads license-files and a license expression from 77 on.
    (setuptools,) = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools == "setuptools>=77"


def test_every_declared_python_is_tested_by_ci(pyproject: dict[str, Any]) -> None:
    project = pyproject["project"]
    declared = sorted(
        m.group(1)
        for c in project["classifiers"]
        if (m := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c))
    )
    assert declared == ["3.11", "3.12", "3.13"]
    assert project["requires-python"] == f">={declared[0]}"
    # The README's command runs the suite on python3 (3.11 here); .ci/run loops over the rest.
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (loop,) = re.findall(r"^for version in (.+); do$", ci, flags=re.MULTILINE)
    assert loop.split() == declared[1:]
    assert any(c.startswith("Development Status :: ") for c in project["classifiers"])
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= set(project["urls"])


def test_dev_tools_are_an_extra_apart_from_the_tests(pyproject: dict[str, Any]) -> None:
    extras = pyproject["project"]["optional-dependencies"]

    def names(extra: str) -> set[str]:
        return {re.split(r"[<>=\[]", r)[0] for r in extras[extra]}

    assert {"mypy", "ruff", "types-python-dateutil", "build"} <= names("dev")
    assert not names("dev") & names("test")
    # CI runs the README's test command verbatim, and then mypy and ruff from the dev extra.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert len(commands) == 2
    assert 'pip install -e ".[test,dev]"' in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_sdist_carries_what_its_tests_read(pyproject: dict[str, Any]) -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").split()
    grafted = {manifest[i + 1] for i, word in enumerate(manifest) if word == "graft"}
    for path in pyproject["tool"]["pytest"]["ini_options"]["testpaths"]:
        assert path == "src" or path in grafted or path in manifest, path
    # conftest.py and properties/ come with the graft of tests/; the distributed test loads
    # benchmarks/synthetic.py, this file reads .ci/run.
    assert "benchmarks" in grafted
    assert ".ci/run" in manifest
    for name in ("LICENSE", "CHANGELOG.md", "README.md"):
        assert name in manifest
        assert (ROOT / name).is_file()


def test_every_repository_file_a_test_reads_is_in_the_sdist() -> None:
    # CI runs the suite from the unpacked sdist: a test reading a file under ROOT fails there unless
    # the file is carried (mkdocs.yml was not, and only the sdist run failed). setuptools always
    # carries pyproject.toml, MANIFEST.in and the package under src.
    manifest = set((ROOT / "MANIFEST.in").read_text(encoding="utf-8").split())
    always = {"pyproject.toml", "MANIFEST.in", "src"}
    read = {
        match
        for path in (ROOT / "tests").rglob("*.py")
        for match in re.findall(r'ROOT / "([\w.-]+)"', path.read_text(encoding="utf-8"))
    }
    assert "mkdocs.yml" in read
    carried = manifest | always | {entry.split("/")[0] for entry in manifest}
    assert sorted(read - carried) == []

"""The docs speak to the addon's users and maintainers from inside the repository: every
link between them leads to a file of the repository, none points at a file outside it,
and none names the project's own issue tracker, which readers of a clone cannot open."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = sorted(
    [ROOT / "README.md", ROOT / "xero_connector" / "README.rst"]
    + list((ROOT / "docs").glob("*.md"))
    + list((ROOT / "xero_connector" / "readme").glob("*.md"))
)
# Markdown links and images, and reStructuredText image targets
LINK = re.compile(r"\]\(([^)\s]+)\)|image:: (\S+)")
# a public repository's issue or pull request: owner/name#12, or "PR #12" after naming it
PUBLIC_REFERENCE = re.compile(r"[\w.-]+/[\w.-]+#\d+|\bPR #\d+")
BARE_NUMBER = re.compile(r"(?<![\w/.-])#\d+\b")
OUTSIDE = re.compile(r"\.\./shared|(?<![\w.])shared/|/work/|/tmp/|/opt/odoo")


def relative_links(path):
    for match in LINK.finditer(path.read_text(encoding="utf-8")):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address, or a heading of the same page
        yield target.split("#")[0]


@pytest.mark.parametrize("path", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_leads_to_a_file_of_the_repository(path):
    for target in relative_links(path):
        resolved = (path.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), "%s links outside the repository: %s" % (path.name, target)
        assert resolved.exists(), "%s links to a missing file: %s" % (path.name, target)


@pytest.mark.parametrize("path", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_doc_names_a_path_outside_the_repository_or_an_issue_number(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = "%s:%d: %s" % (path.name, number, line.strip())
        assert not OUTSIDE.search(line), where
        assert not re.search(r"\bissues? #?\d+", line, re.IGNORECASE), where
        if BARE_NUMBER.search(line):
            assert PUBLIC_REFERENCE.search(line), where


def test_the_docs_are_found():
    names = {path.name for path in DOCS}
    assert {"README.md", "user-guide.md", "developer-guide.md", "DESCRIPTION.md"} <= names

"""The addon's manifest serves Odoo 18.0 and 19.0 from one main: its version names no
series (Odoo prefixes its own: 18.0.x.y.z on 18, 19.0.x.y.z on 19), and no migration
folder is tied to one series unless it only makes sense there."""

import ast
import os
import re

ADDON = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "xero_connector")


def manifest():
    with open(os.path.join(ADDON, "__manifest__.py"), encoding="utf-8") as handle:
        return ast.literal_eval(handle.read())


def test_the_version_names_no_series_so_both_series_install_it():
    assert re.fullmatch(r"\d+\.\d+\.\d+", manifest()["version"])


def test_the_newest_migration_is_not_newer_than_the_version():
    version = tuple(int(part) for part in manifest()["version"].split("."))
    folders = os.listdir(os.path.join(ADDON, "migrations"))
    # a folder without a series runs on both; the older 18.0.x.y.z ones only on 18.0
    newest = max(tuple(int(part) for part in folder.split(".")[-3:]) for folder in folders)
    assert newest <= version

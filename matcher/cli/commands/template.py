"""``template PATH``: write an empty inventory workbook with Dutch help text."""

from __future__ import annotations

import argparse

from taskmodels.template import write_template

HELP = "write an empty inventory workbook with every sheet, column and Dutch help text"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``template``."""
    parser.add_argument("path", metavar="PATH", help="where to write the .xlsx workbook")


def run(args: argparse.Namespace) -> int:
    """Write the template and say where."""
    path = write_template(args.path)
    print(f"sjabloon geschreven: {path}")
    return 0

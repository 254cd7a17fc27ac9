"""``template PATH``: write an empty inventory workbook with Dutch help text."""

from __future__ import annotations

import argparse

from matcher import api
from matcher.cli.commands._common import lang_of
from taskmodels.messages import text

HELP = "write an empty inventory workbook with every sheet, column and Dutch help text"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``template``."""
    parser.add_argument("path", metavar="PATH", help="where to write the .xlsx workbook")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl",
                        help="language of the message printed (the workbook is Dutch)")


def run(args: argparse.Namespace) -> int:
    """Write the template and say where."""
    path = api.write_template(args.path)
    print(text("summary.template.written", lang_of(args), path=str(path)))
    return 0

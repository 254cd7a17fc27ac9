"""The command line: ``python -m matcher COMMAND ...`` (FORMATS.md section 3).

Each command lives in its own module under :mod:`matcher.cli.commands` and exposes
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``. Exit status:
0 done, 2 bad input or bad arguments, 1 anything else. Bad input never shows a
traceback: commands raise :class:`taskmodels.errors.InventoryError` or
:class:`UsageError`, which are printed here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from matcher.errors import AnswerRejected, UsageError
from matcher.policy import PolicyError
from taskmodels.errors import InventoryError

COMMANDS: tuple[str, ...] = (
    "demo", "template", "validate", "redesign", "match", "carve", "regional", "bench",
    "generate", "serve", "users", "db",
)


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"matcher.cli.commands.{name}")
    except ModuleNotFoundError as exc:
        # Only a command module that does not exist yet is skipped; a missing
        # dependency inside an existing one must still fail loudly.
        if exc.name == f"matcher.cli.commands.{name}":
            return None
        raise


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The options every solving command shares (FORMATS.md section 3); help from the catalogue."""
    from matcher.cli.commands._common import help_text

    parser.add_argument("--json", metavar="PATH", help=help_text("help.json"))
    parser.add_argument("--config", metavar="FILE", help=help_text("help.config"))
    parser.add_argument("--time-limit", type=float, default=30.0, metavar="SECONDS",
                        help=help_text("help.time_limit", default=30.0))
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help=help_text("help.workers"))
    parser.add_argument("--seed", type=int, default=0, metavar="N", help=help_text("help.seed"))
    parser.add_argument("--allow-borderline", action="store_true",
                        help=help_text("help.allow_borderline"))
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help=help_text("help.lang"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available command."""
    parser = argparse.ArgumentParser(
        prog="python -m matcher",
        description="Inclusive job redesign and work-capability matching.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = _load(name)
        if module is None:
            continue
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args._run(args))
    except InventoryError as exc:
        print(exc.report(getattr(args, "lang", "nl")), file=sys.stderr)
        return 2
    except PolicyError as exc:
        print(exc.text(getattr(args, "lang", "nl")), file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AnswerRejected as exc:  # a bug: say so plainly, write nothing, exit 1
        from taskmodels.messages import text

        print(text("error.answer_rejected", getattr(args, "lang", None) or "nl", detail=str(exc)),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1

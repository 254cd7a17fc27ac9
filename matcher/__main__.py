"""``python -m matcher COMMAND ...``."""

from matcher.cli import main

raise SystemExit(main())

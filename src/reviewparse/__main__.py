"""``python -m reviewparse``: the command line."""

from reviewparse._cli import main

raise SystemExit(main())

"""``python -m crampwise`` runs the command line."""

import sys

from crampwise.cli import main

sys.exit(main())

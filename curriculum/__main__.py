"""``python -m curriculum``."""

import sys

from .cli import main

sys.exit(main())

"""`python -m local.serve` (make serve)."""

from local.serve.server import main

raise SystemExit(main())

"""`python -m local.rehearsal` (make deploy-rehearsal)."""

from local.rehearsal.rehearse import main

raise SystemExit(main())

"""Front-door pages, one module per audience: ``referrer`` (practitioners raising and following
requests, the known check, consultations), ``public`` (forms needing no sign-in) and
``triage`` (the front door's queue, contact pages and decisions)."""

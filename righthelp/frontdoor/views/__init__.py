"""Front-door pages, one module per audience: ``referrer`` (practitioners raising and following
requests, the known check, consultations), ``public`` (forms needing no sign-in),
``triage`` (the front door's queue, contact pages and decisions) and ``referrals``
(children's social care's referrals, and saying its work is ending so early help takes
over)."""

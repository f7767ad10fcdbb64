"""Identity matching: "is this child known?", duplicate detection and file linkage.

The engine is pure Python with no models and no database:

* :mod:`righthelp.matching.normalise` turns raw values into comparable ones and says
  which raw values could not be used;
* :mod:`righthelp.matching.nicknames` is the nickname and spelling-variant list;
* :mod:`righthelp.matching.blocking` gives each record its blocking keys (plain strings,
  ready to be stored in ordinary indexed columns);
* :mod:`righthelp.matching.model` compares two records field by field and scores the
  pair with a Fellegi-Sunter model, with an explanation of every score;
* :mod:`righthelp.matching.csvlink` links and de-duplicates CSV files (the
  ``link_csv`` and ``dedupe_csv`` management commands are thin wrappers);
* :mod:`righthelp.matching.synthetic` makes evaluation data with known truth.
"""

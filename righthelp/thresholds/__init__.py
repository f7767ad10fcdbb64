"""Threshold frameworks (data files) and the pure decision-support engine.

- :mod:`.framework`: the framework data model, file schema and validator (see ``schema.md``);
- :mod:`.registry`: the frameworks shipped in ``frameworks/``;
- :mod:`.engine`: :func:`~.engine.evaluate`, ticked indicators in, a suggested level and its
  reasons out.

Nothing here touches the database.
"""

"""Cas types: scenario files (YAML) that replay dated events on a fresh store and check scores.

Like OpenFisca's YAML tests: a file names a grid, writes the events of one or more demandes
and states the expected total and contributions at given dates. The format is documented in
``docs/cas-types.md``; ``commande.app`` is the ``cotation cas-types`` command.
"""

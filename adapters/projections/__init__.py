"""The cotation read models, storage side (ADR 0019), in the events' own database.

- ``tables``: their tables, for SQLite and PostgreSQL;
- ``base``: the event log read in bulk (notifications, histories, the whole log in order);
- ``calcul``: the rows of many demandes at once (in worker processes for a rebuild);
- ``ecriture``: the rows of a set of demandes replaced, with the position, in one transaction;
- ``rattrapage``: the incremental catch-up and the daily refresh;
- ``reconstruction``: the full rebuild into fresh tables, switched in when done;
- ``positionnement``: ranks among analogous demandes and average waits, computed weekly;
- ``lecture``: what the CLI and the service read; ``affichage``: its French tables for the CLI
  (``cotation projections …``, in ``adapters/cli.py``).

Every row comes from ``projections.cotations.lignes``: catch-up and rebuild agree by construction.
"""

"""The demo territory: the Épernay agglomeration with a few hundred fictitious demandes.

Deterministic (fixed random seed) and idempotent: ``semer`` writes only on an empty store.
The social housing stock that weights the wishes is shipped in ``donnees/`` (RPLS 2019).
"""

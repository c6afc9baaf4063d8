"""API of the hours app: the ledger, stars and exports (ledger.py); certificates."""

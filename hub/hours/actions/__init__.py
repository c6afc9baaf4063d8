"""Writes of the hours app: the ledger, star levels, exports, certificates (one module each)."""

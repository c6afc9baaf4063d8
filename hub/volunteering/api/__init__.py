"""API of volunteering: drives, sign-ups, posts and shifts (drives.py); check-ins (checkin.py)."""

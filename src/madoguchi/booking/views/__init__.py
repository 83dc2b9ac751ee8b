"""The booking pages: public.py (choose and book), pickup.py (arrived cards),
manage.py (the secret link: see, change, cancel, ICS, QR), staff.py (the counter)."""

"""The booking capability's services: the only code that changes its state.

slots.py (open, capacity, block), bookings.py (book, move, cancel, check in),
waiting_list.py (join, leave, promote), pickups.py (arrived cards, notice
check with its lock), visitor.py (what a resident types, checked).
"""

"""The queue's services: each does one thing in one transaction and writes an audit entry.

    tickets.issue / tickets.issue_for_booking      a ticket at reception or at check-in
    calls.call_next / recall / start / skip / done / transfer
    day_end.close_day                              unserved tickets closed with a reason
    windows.set_window                             a supervisor's window settings
    board.office_state / board.ticket_state        what the screens show (reads only)
"""

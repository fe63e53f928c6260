"""Every programme email goes through one outbox: how an email is stored, sent and sent again.

This package knows nothing of coaches or expressions of interest: the concerns that write emails
(``interest.mail``, ``coaches.accounts``, the scheduler) build a Django ``EmailMessage`` and hand it
to :func:`cascading_pages.mail.outbox.queue`. ``models`` is the stored email, ``delivery`` sends one
now and records the outcome, ``tasks`` is the django-tasks task that does it after the commit,
``outbox`` is what other concerns call, ``admin`` the editors' listing.
"""

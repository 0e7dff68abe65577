"""The job queue: long work (imports, extraction, synthesis) runs in ``accord worker``.

Django's Tasks API (the ``django-tasks`` backport, ``django.tasks`` from Django 6) queues and
runs the work; its database backend (``django-tasks-db``) is the embedded default. A ``Job``
row holds what the product shows of it: who started it, for which group, its progress, and
the result or the error in words.
"""

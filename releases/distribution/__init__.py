"""Sending releases to the press: journalists, media lists, sends and their deliveries.

- `models`: the directory of journalists, media lists, the suppression list, sends and
  one delivery row per recipient and send, and the reach counts of statements;
- `recipients`: who a send goes to (lists joined, one copy each, suppressed addresses
  and subscribers' own choices left out) and in which language;
- `services`: the steps (queue, stop, subscribe, confirm, unsubscribe, erase), each in
  one transaction;
- `worker`, `tasks`: the task worker's side: claiming rows, throttling, sending, and
  the sweeper that finishes a send whose worker died;
- `mail`, `inline`, `plaintext`: the release as an email, in HTML and in plain text;
- `tokens`, `forms`, `views`, `urls`: the public pages (subscribe, confirm, manage,
  unsubscribe in one click);
- `webhooks`: bounces and complaints from the mail service (django-anymail);
- `reach`: page reads and referrer domains, counted without cookies;
- `admin`: the directory, lists and sends in the admin.
"""

"""Two-factor login for staff: a code from an authenticator app (TOTP) after the password,
or one of ten recovery codes, each usable once.

The parts follow a login:
- `policy`: who must use a second factor (publishers and administrators, when
  TWO_FACTOR_REQUIRED is on; the roles are told by the app that defines them) and who has
  one;
- `pending`: the state between the password and the code: the session knows who typed a
  right password but is not logged in yet;
- `devices`: the authenticator app and the recovery codes, kept by django-otp (TOTP and
  static tokens), and the QR code, drawn by segno as SVG;
- `views` and `urls`: the code step of the login, and the pages under the admin where a
  staff member sets up, replaces or removes their authenticator and gets recovery codes;
- `middleware`: a session that logged in without the second factor its user needs (one
  from before it was required, a login made some other way) counts as logged out.

The password step and the throttle of both steps are in `advocacy.admin_login`.
"""

"""A mail backend for the tests of sending: the in-memory one, with a hook called before
each message goes (to stop a send, suppress an address or refuse a message meanwhile)."""

from django.core.mail.backends.locmem import EmailBackend


class HookedBackend(EmailBackend):
    hook = None

    def send_messages(self, messages):
        for message in messages:
            if HookedBackend.hook is not None:
                HookedBackend.hook(message)
        return super().send_messages(messages)

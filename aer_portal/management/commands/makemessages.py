"""Django's makemessages, also extracting the rules module's ``N_("…")`` markers."""

from django.core.management.commands.makemessages import Command as DjangoMakeMessages


class Command(DjangoMakeMessages):
    xgettext_options = [*DjangoMakeMessages.xgettext_options, "--keyword=N_"]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "lapor.routing"
    label = "routing"
    verbose_name = _("Saran penerusan")

    def ready(self) -> None:
        from lapor.channels.fanout import EVENT_HOOKS
        from lapor.channels.outbox import HANDLERS

        from . import auto

        if auto.outbox_rows not in EVENT_HOOKS:
            EVENT_HOOKS.append(auto.outbox_rows)
        HANDLERS["auto_dispose"] = auto.handle

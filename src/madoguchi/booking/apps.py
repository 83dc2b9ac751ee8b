from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "madoguchi.booking"
    label = "booking"
    verbose_name = "Bookings: counter visits and card pickups"

    def ready(self) -> None:
        # The notices' sender words the booking mails with the booking's own composer.
        from madoguchi.notices.services.mail import register_composer

        from .services import confirmations

        for kind in confirmations.KINDS:
            register_composer(kind, confirmations.compose)

"""Background tasks of appointments, under the path the worker knows; each is declared beside its service
(tasks call services, never the reverse)."""

from guichet.appointments.services.messages import tell_draw_results

__all__ = ["tell_draw_results"]

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "accord.consultations"
    label = "consultations"
    verbose_name = "Statement consultations and opinion maps"

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "relance.tasks"
    label = "tasks"
    verbose_name = "Tâches de fond"

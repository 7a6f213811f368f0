from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "missionled.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation: feedback, self-assessments and follow-ups"

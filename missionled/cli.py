"""The `missionled` console script: Django's manage.py under a proper name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "missionled", *sys.argv[1:]])


if __name__ == "__main__":
    main()

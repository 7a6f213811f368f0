#!/usr/bin/env python
from missionled.cli import main

if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Django's usual entry point; `qstrong` (qstrong/cli.py) is the same thing as a console script."""

from qstrong.cli import main

if __name__ == "__main__":
    main()

"""``python -m policylint`` runs the command line."""

from policylint.cli import main

if __name__ == "__main__":
    main()

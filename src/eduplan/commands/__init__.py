"""CLI commands by domain; each module attaches its commands to the groups of ``eduplan.cli``."""

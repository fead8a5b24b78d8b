"""Reusable UI pieces. They take Vars and event handlers as arguments and never import State."""

"""Thin Reflex State classes: read the form, call one service, put DTOs and errors into vars."""

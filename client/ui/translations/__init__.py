"""Compiled translations of the window (data only: organizer_ru.qm, built from organizer_ru.ts)."""

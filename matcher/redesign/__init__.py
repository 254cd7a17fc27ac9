"""Redesign (functiecreatie): carve-ability, splitting, bundling, impact."""

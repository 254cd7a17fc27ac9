"""Person-first carving: functions formed around candidates."""

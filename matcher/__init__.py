"""Rules, scoring, optimisation and the command line for inclusive job redesign."""
